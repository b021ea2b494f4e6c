import { benchThroughput } from '/work/main/bench/throughput.ts';
console.log(await benchThroughput({ megabytes: 64, runs: Number(process.env.RUNS ?? 5) }));
