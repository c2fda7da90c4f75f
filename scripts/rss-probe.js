// Preloaded by the benchmark (node --require): writes the peak resident memory of the whole
// process (worker threads included), in MB, to the file named by CLS_BENCH_RSS_FILE.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const file = process.env.CLS_BENCH_RSS_FILE;
  if (file) fs.writeFileSync(file, String(Math.round(process.resourceUsage().maxRSS / 1024)));
});
