// Checks that each packed tarball holds what its package needs at run time:
// the files its package.json points to, its config schema, its README, and
// for the backend its migrations.
// Usage: node check-tarballs.mjs <tarball dir> <plugin dir names...>
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const [dir, ...plugins] = process.argv.slice(2);
const problems = [];
let checked = 0;

for (const plugin of plugins) {
  const tarball = path.join(dir, `${plugin}.tgz`);
  const files = new Set(
    execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(f => f.replace(/^package\//, '')),
  );
  const pkg = JSON.parse(
    execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const expect = (ok, what) => {
    checked += 1;
    if (!ok) problems.push(`${plugin}.tgz: ${what}`);
  };
  const has = file => files.has(file.replace(/^\.\//, ''));

  expect(!pkg.private, 'package.json says private');
  expect(!JSON.stringify(pkg).includes('workspace:'), 'a workspace: range');
  expect(!pkg.main?.startsWith('src/'), `main still points at ${pkg.main}`);
  for (const field of ['main', 'module', 'types']) {
    if (pkg[field]) expect(has(pkg[field]), `${field} ${pkg[field]} missing`);
  }
  for (const [entry, target] of Object.entries(pkg.exports ?? {})) {
    // Condition values that are not paths (the `backstage` condition) are
    // not files.
    const targets = (
      typeof target === 'string' ? [target] : Object.values(target)
    ).filter(t => t.startsWith('./'));
    for (const t of targets) {
      expect(has(t), `export ${entry} -> ${t} missing`);
    }
  }
  if (pkg.configSchema) {
    expect(has(pkg.configSchema), `config schema ${pkg.configSchema} missing`);
  }
  expect(has('README.md'), 'README.md missing');
  if (plugin === 's3-resources-backend') {
    const migrations = [...files].filter(f => /^migrations\/.+\.js$/.test(f));
    expect(migrations.length > 0, 'no migrations/*.js');
  }
  console.log(`${plugin}.tgz: ${files.size} files`);
}

for (const p of problems) console.log(`  FAIL ${p}`);
console.log(
  `tarballs: ${checked - problems.length} passed, ${problems.length} failed`,
);
process.exit(problems.length ? 1 : 0);
