#!/usr/bin/env node
// The size rule of src/core (files under 400 lines, functions under 80), as a list to split from.
// Exits 1 while anything is over, so it can join `npm test` once the list is empty. A nested
// function counts inside its parent too (a provider factory's closures make the factory long).
import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const files = [];
(function walk(d) { for (const n of readdirSync(d)) { const p = join(d, n); statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && files.push(p); } })('src/core');
const big = [], longFns = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > 400) big.push([lines, f]);
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  const visit = (node, owner) => {
    const isFn = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node);
    if (isFn && node.body) {
      const a = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line, b = sf.getLineAndCharacterOfPosition(node.end).line;
      let name = node.name?.getText?.(sf);
      if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText(sf);
      if (!name && ts.isPropertyAssignment(node.parent)) name = node.parent.name.getText(sf);
      name = name ?? `(anonymous in ${owner})`;
      if (b - a + 1 > 80) longFns.push([b - a + 1, `${f}:${a + 1}`, name]);
      ts.forEachChild(node, (c) => visit(c, name));
    } else ts.forEachChild(node, (c) => visit(c, owner));
  };
  visit(sf, '');
}
big.sort((x, y) => y[0] - x[0]); longFns.sort((x, y) => y[0] - x[0]);
console.log('files over 400 lines:'); for (const [n, f] of big) console.log(`  ${n}\t${f}`);
console.log('functions over 80 lines:'); for (const [n, f, name] of longFns) console.log(`  ${n}\t${f}\t${name}`);
process.exitCode = big.length + longFns.length > 0 ? 1 : 0;
