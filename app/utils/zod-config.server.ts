// zod compiles fast parsers with new Function() unless told not to, and probes for it as soon as a
// schema is built. The Content-Security-Policy forbids eval, and the browser reports even the probe,
// so this runs first: root.tsx imports it before anything that builds a schema.
import { z } from 'zod';

z.config({ jitless: true });
