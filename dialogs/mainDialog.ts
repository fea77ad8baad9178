import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogState, DialogTurnStatus, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { Language } from './i18n/language';
import { say } from './i18n/strings';
import { isReturningPerson, languageForTurn, UserProfileAccessor } from './userProfile';

const MAIN_WATERFALL = 'mainWaterfall';
const HELP_WORDS = new Set(['help', 'ayuda', '?', 'menu', 'menú', 'opciones', 'options']);

export function isHelpRequest(text: string | undefined): boolean {
  return HELP_WORDS.has((text ?? '').trim().toLowerCase().replace(/[¿?!¡.]+$/u, ''));
}

/** The conversation's root: greets, answers help, and (as flows land) routes to them. */
export class MainDialog extends ComponentDialog {
  constructor(private readonly profiles: UserProfileAccessor) {
    super('MainDialog');
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.answer.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs one turn of the dialog stack kept in conversation state. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  /** The greeting for a conversation that just opened; says "welcome back" to someone we know. */
  async greet(context: TurnContext): Promise<void> {
    const returning = await isReturningPerson(context, this.profiles);
    const language = await languageForTurn(context, this.profiles);
    await context.sendActivity(greeting(language, returning));
  }

  private async answer(step: WaterfallStepContext) {
    const returning = await isReturningPerson(step.context, this.profiles);
    const language = await languageForTurn(step.context, this.profiles);
    const text = step.context.activity.text;
    await step.context.sendActivity(isHelpRequest(text) ? say(language, 'help') : greeting(language, returning));
    return step.endDialog();
  }
}

function greeting(language: Language, returning: boolean): string {
  return say(language, returning ? 'greetingReturning' : 'greetingNew');
}
