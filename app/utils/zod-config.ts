// zod compiles fast parsers with new Function() unless told not to, and probes for it as soon as a
// schema is built. The Content-Security-Policy forbids eval, and the browser reports even the probe,
// so a module that builds schemas in the browser imports this before zod (product-input.ts, for the
// product form's fee preview). Every other schema lives in server-only code, which keeps zod out of
// the JavaScript of the pages that do not need it.
import { z } from 'zod';

z.config({ jitless: true });
