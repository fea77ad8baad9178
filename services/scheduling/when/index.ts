/** Understanding when a person wants to be called, from their own words, in their own zone. */
export { parseWhen, type WhenRequest } from './parseWhen';
export { parseSlotChoice } from './parseSlotChoice';
export { DAY_PARTS, CALLING_DAY } from './dayParts';
