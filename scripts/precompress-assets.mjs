// Compresses the browser's files in public/build once, at build time: a `.br` (Brotli at its best
// quality) and a `.gz` beside each script and stylesheet. The server sends those as they are
// (server/app.ts), instead of compressing the same immutable file again for every new visitor, and
// Brotli at quality 11 is smaller than what on-the-fly compression can afford per request.
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT_FILES = 'public/build/**/*.{js,css}';

for (const file of globSync(TEXT_FILES)) {
  const original = readFileSync(file);
  const brotli = brotliCompressSync(original, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
    },
  });
  const gzip = gzipSync(original, { level: constants.Z_BEST_COMPRESSION });
  // A tiny file can come out larger compressed: it is then sent as it is.
  if (brotli.length < original.length) writeFileSync(`${file}.br`, brotli);
  if (gzip.length < original.length) writeFileSync(`${file}.gz`, gzip);
}
