import type { ApolloServerPlugin } from '@apollo/server';
import { getDirectiveValues } from 'graphql';
import { currencyForCountry } from '@ucg/request-context';
import type { GatewayContext } from '../../context.ts';

export interface ShopperContextOptions {
  /** Shoppers who say nothing shop here. @default "US" */
  defaultCountry?: string;
  /** @default "en" */
  defaultLanguage?: string;
}

/**
 * Reads `@inContext(country:, language:)` from the operation (after validation, so the values are
 * known enum members) and sets the shopper's country, language and currency for every subgraph fetch.
 */
export function shopperContextPlugin(options: ShopperContextOptions = {}): ApolloServerPlugin<GatewayContext> {
  const defaultCountry = options.defaultCountry ?? 'US';
  const defaultLanguage = options.defaultLanguage ?? 'en';
  const defaults = Object.freeze({ country: defaultCountry, language: defaultLanguage, currency: currencyForCountry(defaultCountry) });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, contextValue, schema }) {
          // Most operations say nothing about the shopper: no directive to read.
          if (!operation?.directives?.length) {
            contextValue.shopper = defaults;
            return;
          }
          const directive = schema.getDirective('inContext');
          const values = directive && operation ? getDirectiveValues(directive, operation, request.variables ?? {}) : undefined;
          const country = typeof values?.country === 'string' ? values.country : defaultCountry;
          // The signed context carries ISO 639-1 (two or three letters): PT_BR is Portuguese, "pt".
          const language = typeof values?.language === 'string' ? values.language.split('_')[0]!.toLowerCase() : defaultLanguage;
          contextValue.shopper = { country, language, currency: currencyForCountry(country) };
        },
      };
    },
  };
}
