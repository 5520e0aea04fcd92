// Preloaded into a spawned server or worker (`node --import tsx --import ./test/stripe-mock-preload.ts
// build/server/index.js`): inside that process, Stripe's API is played by the msw stand-in of
// ./mocks/stripe.ts. Everything else (our own server, the database, SMTP) is reached for real.
import { setupServer } from 'msw/node';
import { createStripeMock } from './mocks/stripe.ts';

setupServer(...createStripeMock().handlers).listen({ onUnhandledFrame: 'bypass' });
