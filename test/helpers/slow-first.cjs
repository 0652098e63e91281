// The order jest runs test files in. It runs the longest first when it knows their times from an
// earlier run; in a fresh clone (CI) it knows none and goes by file size, which leaves the short
// files that start tools (tsc, redocly) or wait on many runs to the end, one worker busy while the
// other idles. Those go first, in jest's own order among themselves.
const { default: Sequencer } = require("@jest/test-sequencer");

const slow = /\/test\/pipeline\/|\/cli\/test\/model\.test\.ts$/;

class SlowFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => slow.test(t.path)), ...sorted.filter((t) => !slow.test(t.path))];
  }
}

module.exports = SlowFirst;
