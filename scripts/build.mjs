// Bundles the CLI, the extension and the storyboard web app with esbuild.
// Entries that do not exist yet are skipped, so the build works at every step of the project.
import { build } from 'esbuild';
import { existsSync, mkdirSync, cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };

// The English tagger (compromise, ~300 KB) is loaded beside the extension bundle, not inside it:
// the extension's own bundle stays under 1 MB (the .vsix carries dist/nlp.cjs too).
const tagger = {
  name: 'tagger-beside-bundle',
  setup(b) {
    b.onResolve({ filter: /^compromise\/two$/ }, () => ({ path: './nlp.cjs', external: true }));
  },
};
const taggerBuild = join(root, 'node_modules/compromise/builds/two/compromise-two.cjs');
if (existsSync(taggerBuild) && existsSync(join(root, 'src/extension/extension.ts'))) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(taggerBuild, join(root, 'dist/nlp.cjs'));
}

const jobs = [];
if (existsSync(join(root, 'src/cli/main.ts'))) {
  jobs.push(build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', target: 'node20', format: 'cjs' }));
}
// `filmcrew status` from the saved snapshots alone (bin/filmcrew.js tries it first): a small
// bundle (about 20 KB), so a warm status does not load the whole CLI.
if (existsSync(join(root, 'src/cli/status-main.ts'))) {
  jobs.push(build({ ...common, entryPoints: ['src/cli/status-main.ts'], outfile: 'dist/status.js', platform: 'node', target: 'node20', format: 'cjs' }));
}
if (existsSync(join(root, 'src/extension/extension.ts'))) {
  jobs.push(
    build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], plugins: [tagger] }),
  );
}
if (existsSync(join(root, 'webview/main.ts'))) {
  jobs.push(build({ ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', target: 'es2022', format: 'iife' }));
}
await Promise.all(jobs);

// Static webview assets: codicons and the default theme for hosting outside VS Code.
const codicons = join(root, 'node_modules/@vscode/codicons/dist');
if (existsSync(codicons) && existsSync(join(root, 'webview'))) {
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  cpSync(join(codicons, 'codicon.css'), join(root, 'dist/webview/codicon.css'));
  cpSync(join(codicons, 'codicon.ttf'), join(root, 'dist/webview/codicon.ttf'));
  for (const f of ['theme.css', 'app.css']) {
    if (existsSync(join(root, 'webview', f))) cpSync(join(root, 'webview', f), join(root, 'dist/webview', f));
  }
}
