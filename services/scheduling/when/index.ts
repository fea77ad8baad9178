/** Understanding when a person wants to be called, from their own words, in their own zone. */
export { parseWhen, type WhenRequest, type WhenOptions } from './parseWhen';
export { parseSlotChoice, type SlotChoiceOptions } from './parseSlotChoice';
export { DAY_PARTS, CALLING_DAY, type DayPart } from './dayParts';
export type { WhenLocale } from './recognizer';
