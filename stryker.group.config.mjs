// One group of files at a time (docs/mutation-testing.md): STRYKER_GROUP=<name> npx stryker run
// stryker.group.config.mjs --mutate <files>. Each group keeps its own incremental file, reports and
// sandbox, so running another group neither rewrites its results nor collides with its sandbox.
import base from './stryker.config.mjs';

const group = process.env.STRYKER_GROUP;
if (!group || !/^[a-z0-9-]{1,40}$/.test(group)) {
  console.error('STRYKER_GROUP must name the group: 1-40 characters of a-z, 0-9 and "-"');
  process.exit(2);
}

export default {
  ...base,
  incrementalFile: `reports/mutation/${group}.incremental.json`,
  htmlReporter: { fileName: `reports/mutation/${group}.html` },
  jsonReporter: { fileName: `reports/mutation/${group}.json` },
  tempDirName: `.stryker-tmp-${group}`,
};
