import type { Middleware, TurnContext } from 'botbuilder';
import { withTurnReads } from '../../services/store/turnReads';

/** Each turn remembers the documents it read until it ends (services/store/turnReads.ts says why that is safe). */
export class TurnReads implements Middleware {
  async onTurn(_context: TurnContext, next: () => Promise<void>): Promise<void> {
    await withTurnReads(next);
  }
}
