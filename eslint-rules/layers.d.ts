// Types for the tests that drive the rule directly (the rule itself is plain JS so
// eslint.config.js can load it without a TypeScript loader).
import type { Rule } from 'eslint';

declare const layers: Rule.RuleModule;
export default layers;
