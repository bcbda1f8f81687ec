const euro = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'];

const byCountry: Record<string, string> = {
  US: 'USD', CA: 'CAD', GB: 'GBP', CH: 'CHF', SE: 'SEK', DK: 'DKK', PL: 'PLN', AU: 'AUD', JP: 'JPY',
  ...Object.fromEntries(euro.map((c) => [c, 'EUR'])),
};

/** The currency a shopper in `country` pays in; countries we do not sell in locally pay in USD. */
export function currencyForCountry(country: string): string {
  return byCountry[country.toUpperCase()] ?? 'USD';
}
