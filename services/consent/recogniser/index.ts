export { recogniseRightsIntent } from './recogniseRightsIntent';
export type { RecognitionContext, RightsIntent, RightsIntentKind, RightsLanguage } from './rightsIntent';
export { parsePhraseBook, phraseBookSchema, type PhraseBook, type PhraseBookData } from './phraseBookSchema';
export { compilePattern, PatternSyntaxError } from '../../language/pattern';
