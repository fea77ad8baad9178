export { recogniseRightsIntent } from './recogniseRightsIntent';
export type { RightsIntent, RightsIntentKind } from './rightsIntent';
export { parsePhraseBook, phraseBookSchema } from './phraseBookSchema';
export { compilePattern, PatternSyntaxError } from '../../language/pattern';
