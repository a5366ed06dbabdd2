/**
 * Money as a person reads it, one rule everywhere (CLI, trace, pull requests, VS Code): two
 * decimals, or up to six when an amount is under a cent but not nothing, so a small spend never reads
 * as 0.00.
 */

/** `1.25`, `0.00228`, `0.00`, `<0.000001`. */
export function amount(n: number): string {
  if (n === 0 || Math.abs(n) >= 0.01) return n.toFixed(2);
  const fine = n.toFixed(6).replace(/0+$/, '');
  return /[1-9]/.test(fine) ? fine : `${n < 0 ? '-' : ''}<0.000001`;
}

/** `1.25 USD` (code), or `$1.25` (symbol, where the currency has one we print). */
export function money(n: number, currency = 'USD', style: 'code' | 'symbol' = 'code'): string {
  return style === 'symbol' && currency === 'USD' ? `$${amount(n)}` : `${amount(n)} ${currency}`;
}
