// Writes the portal's root package.json: Backstage pinned to this repo's
// versions, our packages resolved to their packed tarballs.
// Usage: node make-portal.mjs <repo root> <portal dir> <plugin dir names...>
import fs from 'node:fs';
import path from 'node:path';

const [root, portal, ...plugins] = process.argv.slice(2);
const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const rootPkg = readJson(path.join(root, 'package.json'));

const tarballs = {};
for (const dir of plugins) {
  const { name } = readJson(path.join(root, 'plugins', dir, 'package.json'));
  tarballs[name] = `file:./tarballs/${dir}.tgz`;
}

const pkg = {
  name: 'packed-install-portal',
  version: '1.0.0',
  private: true,
  workspaces: ['packages/*'],
  scripts: { tsc: 'tsc' },
  devDependencies: {
    typescript: rootPkg.devDependencies.typescript,
  },
  resolutions: { ...rootPkg.resolutions, ...tarballs },
  dependenciesMeta: rootPkg.dependenciesMeta,
};
fs.writeFileSync(
  path.join(portal, 'package.json'),
  `${JSON.stringify(pkg, null, 2)}\n`,
);
