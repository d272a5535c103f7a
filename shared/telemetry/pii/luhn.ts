/** The Luhn (mod 10) check of a string of decimal digits, as payment card numbers carry it. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Issuer prefixes (IIN ranges) and the lengths each network issues, so that a long number that happens
 * to pass Luhn (one in ten does: an epoch in milliseconds, a numeric id) is not taken for a card:
 * Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay, Maestro.
 */
const NETWORKS: readonly { readonly prefix: RegExp; readonly lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 19] },
  { prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 19] },
  { prefix: /^3(?:0[0-5]|[689])/, lengths: [14, 16, 19] },
  { prefix: /^62/, lengths: [16, 17, 18, 19] },
  { prefix: /^(?:50|5[6-9]|6[0-9])/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

/** True when the digits are a plausible payment card number: a known network's prefix and length, and the Luhn check. */
export function looksLikeCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  return NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length)) && passesLuhn(digits);
}
