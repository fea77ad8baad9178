/** The availability engine: which callback slots may we offer this person, from now on? */
export { freeSlots, nearestSlots, type CallbackSlot, type FreeSlotsQuery, type Booking } from './engine';
export { lawfulWindowFor, type LawfulWindow, type LawfulWindowQuery } from './lawfulWindow';
export {
  ruleSetSchema,
  parseRuleSet,
  checkStricterWindows,
  type RuleSet,
  type RuleSetInput,
  type StricterWindow,
  type StricterWindowError,
} from './ruleSet';
export { LAWFUL_RULES, DEFAULT_LAWFUL_RULE, type LawfulRule } from './lawfulTable';
export type { Weekday } from './weekdays';
export type { LocalRange } from './clockTime';
