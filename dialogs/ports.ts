/**
 * What the dialogs need from the domain, and nothing more: the services' own shapes (one definition
 * each), named by what the dialogs see. Dialogs never see MongoDB.
 */
import type { Unavailability } from '../services/booking/explain';
import type { CallbackConsent } from '../services/consent/callbackConsent';
import type { Provenance } from '../services/people/person';
import type { RightsDesk } from '../services/dataRights/rightsDesk';
import type { CallbackDesk, DeskCallback, DeskPerson, DeskTeam } from '../services/scheduling/callbackDesk';
import type { PersonTelling } from '../services/promises/promiseKeeper';
import type { ProblemStore } from '../services/handoff/problems';

export type PersonView = DeskPerson;
export type CallbackView = DeskCallback;
export type TeamView = DeskTeam;
export type ProvenanceView = Provenance;
/** What we write to a person about their call unprompted (a reminder, an apology…). */
export type TellingView = PersonTelling;
export type { Unavailability };

export interface SlotView {
  startUtc: Date;
}

export type CallbackDeskPort = Pick<
  CallbackDesk,
  | 'normalisePhone'
  | 'personForAccount'
  | 'identify'
  | 'setTimeZone'
  | 'activeCallback'
  | 'otherTeamOf'
  | 'missedCallback'
  | 'bookRepair'
  | 'slotsFor'
  | 'whyUnavailable'
  | 'book'
  | 'reschedule'
  | 'cancel'
>;

/** What the person reported and is still waiting on, as far as this identity may hear of it. */
export type ProblemsPort = Pick<ProblemStore, 'openProblemToMention'>;

export type ConsentPort = Pick<CallbackConsent, 'callbackConsent' | 'recordCallbackConsent'>;

/** The person's rights over contact and data, addressed by the channel account they write from. */
export type RightsPort = Pick<
  RightsDesk,
  | 'pendingCallback'
  | 'optOut'
  | 'optOutNumber'
  | 'assuranceOf'
  | 'optIn'
  | 'provenance'
  | 'exportData'
  | 'erase'
  | 'claimedNumber'
  | 'startVerification'
  | 'confirmVerification'
  | 'canVerify'
>;
