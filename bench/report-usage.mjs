// `node --import` this into a measured child: at exit it writes its own CPU time and peak RSS, as
// JSON, to file descriptor 3 (a pipe child-usage.ts opens), leaving stdout and stderr untouched.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  // resourceUsage() gives microseconds and kilobytes.
  writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssBytes: usage.maxRSS * 1024 }));
});
