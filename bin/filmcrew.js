#!/usr/bin/env node
// The `filmcrew` command: the bundled CLI (npm run build makes dist/cli.js and dist/status.js).
//
// Compiling the 1.5 MB bundle is most of a short command's time (`status`, a run with nothing to
// do). Node 22 keeps compiled code between processes (module.enableCompileCache); on Node 20 the
// same is done here with V8's code cache through vm.Script: the cache is written under the user's
// cache folder, keyed by the bundle's bytes and the node version, and a stale or rejected cache is
// simply rebuilt. FILMCREW_NO_COMPILE_CACHE=1 turns it off.
'use strict';
const Module = require('node:module');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');

function loadWithCodeCache() {
  const fs = require('node:fs');
  const vm = require('node:vm');
  const { createHash } = require('node:crypto');
  const os = require('node:os');
  // The key hashes the bytes as read: hashing the decoded string would encode all 2.9 MB again.
  const bytes = fs.readFileSync(cli);
  const source = bytes.toString('utf8');
  const key = createHash('sha1').update(bytes).update(process.version).update(process.arch).digest('hex').slice(0, 16);
  const dir = join(process.env.XDG_CACHE_HOME || join(os.homedir(), '.cache'), 'filmcrew');
  const cacheFile = join(dir, `cli-${key}.v8`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: cli, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit: the functions the command ran are compiled by then and go into the cache.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // no cache folder we may write: the next start compiles again, nothing else changes
      }
    });
  }
  const mod = new Module(cli, module);
  mod.filename = cli;
  mod.paths = Module._nodeModulePaths(join(__dirname, '..', 'dist'));
  script.runInThisContext()(mod.exports, Module.createRequire(cli), mod, cli, join(__dirname, '..', 'dist'));
  return mod.exports;
}

function load() {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    return require(cli);
  }
  if (process.env.FILMCREW_NO_COMPILE_CACHE) return require(cli);
  try {
    return loadWithCodeCache();
  } catch (e) {
    if (e && e.code === 'ENOENT') throw e;
    return require(cli);
  }
}

// `status` goes to its own small bundle first (dist/status.js, src/cli/status-main.ts): it answers
// from the saved snapshots alone, about 20 KB of code instead of the whole CLI, and hands over to
// the full CLI whenever they cannot answer. Without that bundle (an older build) the CLI runs it.
function statusEntry() {
  if (process.argv[2] !== 'status' || process.env.FILMCREW_NO_STATUS_ENTRY) return undefined;
  try {
    return require(join(__dirname, '..', 'dist', 'status.js'));
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

const status = statusEntry();
if (status) status.runStatusProcess(() => load().runProcess());
else load().runProcess();
