export * from './calls.ts';
export * from './catalogue.ts';
export * from './codec.ts';
export * from './types.ts';
