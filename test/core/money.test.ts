import assert from 'node:assert/strict';
import { amount, money } from '../../src/core/money';

describe('money, one rule everywhere', () => {
  it('shows cents, and the fractions of a cent a small call costs instead of 0.00', () => {
    assert.equal(amount(0), '0.00');
    assert.equal(amount(9), '9.00');
    assert.equal(amount(1.255), '1.25');
    assert.equal(amount(0.00228), '0.00228');
    assert.equal(amount(0.0000004), '<0.000001');
  });

  it('writes the currency as a code, or as a symbol where one is known', () => {
    assert.equal(money(3.5, 'USD'), '3.50 USD');
    assert.equal(money(3.5, 'USD', 'symbol'), '$3.50');
    assert.equal(money(3.5, 'EUR', 'symbol'), '3.50 EUR');
  });
});
