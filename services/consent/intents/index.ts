export { recogniseRightsIntent, parsePhraseFile, type RightsIntent, type RightsLanguage } from './rightsIntent';
