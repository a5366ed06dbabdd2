// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.vscode-test/**', 'test/.cache/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    // Core is host-free: the extension and the CLI are thin adapters over it (DESIGN.md §7).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not import vscode: take what you need through an injected interface (src/core/host.ts).' }],
          patterns: [{ group: ['**/extension/**', '**/cli/**', '**/webview/**'], message: 'core depends on nothing outside core.' }],
        },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex, not globs: gitignore-style globs cannot re-include a file under an excluded folder.
              regex: 'src/core/(?!storyboard/protocol$)(?!(?:.*/)?types$)',
              message: "the webview knows core's message types only (src/core/storyboard/protocol.ts and */types.ts).",
            },
          ],
        },
      ],
    },
  },
);
