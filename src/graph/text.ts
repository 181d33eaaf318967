// Text normalisation shared by the seed (which stores search keys) and search (which compares with them);
// it lives in the language module, re-exported here for their imports.
export { editDistance, normalizeTerm, typoAllowance } from './language/index.js';
