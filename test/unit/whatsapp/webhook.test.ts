import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasValidSignature } from '../../../services/whatsapp/signature';
import { parseDelivery, WebhookPayloadError } from '../../../services/whatsapp/webhookPayload';

const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/whatsapp-cloud-api.json'), 'utf8')) as Record<
  string,
  { payload: any }
>;

describe('the webhook signature', () => {
  const secret = 'app-secret';
  const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  const good = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

  it.each([
    ['the right signature', good, true],
    ['the right one in upper case', good.replace(/[a-f]/g, (c) => c.toUpperCase()).replace('SHA256', 'sha256'), true],
    ['none', undefined, false],
    ['an empty one', '', false],
    ['one without the sha256= prefix', good.slice(7), false],
    ['one a character off', good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'), false],
    ['a sha1 one', `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`, false],
  ])('%s → %s', (_name, header, valid) => {
    expect(hasValidSignature(raw, header, secret)).toBe(valid);
  });

  it('is over the bytes: the same JSON with other whitespace does not match', () => {
    expect(hasValidSignature(Buffer.from('{"object": "whatsapp_business_account", "entry": []}'), good, secret)).toBe(false);
  });

  it('never matches with an empty secret', () => {
    expect(hasValidSignature(raw, `sha256=${createHmac('sha256', '').update(raw).digest('hex')}`, '')).toBe(false);
  });
});

describe("Meta's webhook payloads", () => {
  it('reads a text message with its sender, name, id and time', () => {
    expect(parseDelivery(fixtures.inbound_text!.payload)).toEqual({
      messages: [
        {
          wamid: 'wamid.ABGGFlCGg0cvAgo-sJQh43L5Pe4W',
          phoneNumberId: '27681414235104944',
          waId: '16315551234',
          name: 'Kerry Fisher',
          sentAt: new Date('2020-10-18T22:13:21Z'),
          kind: 'text',
          text: 'Hello this is an answer',
          messageType: 'text',
        },
      ],
      statuses: [],
    });
  });

  it('reads button and list replies with their id and title, and a template quick reply as its text', () => {
    expect(parseDelivery(fixtures.inbound_interactive_button_reply!.payload).messages[0]).toMatchObject({
      kind: 'button_reply',
      replyId: 'cancel-button',
      text: 'Cancel',
    });
    expect(parseDelivery(fixtures.inbound_interactive_list_reply!.payload).messages[0]).toMatchObject({
      kind: 'list_reply',
      replyId: 'priority_express',
      text: 'Priority Mail Express',
    });
    expect(parseDelivery(fixtures.inbound_template_quick_reply_button!.payload).messages[0]).toMatchObject({
      kind: 'template_button',
      text: 'No',
    });
  });

  it('reads statuses, with the error codes of a failure; placeholders for timestamps are no time', () => {
    expect(parseDelivery(fixtures.status_failed!.payload).statuses).toEqual([
      {
        wamid: 'wamid.ID',
        phoneNumberId: 'PHONE_NUMBER_ID',
        status: 'failed',
        recipientId: 'PHONE_NUMBER',
        at: undefined,
        errorCodes: [131014],
      },
    ]);
    expect(parseDelivery(fixtures.status_read!.payload).statuses[0]).toMatchObject({ status: 'read', at: new Date(1720179749 * 1000) });
  });

  it('takes unknown fields and unknown message types in its stride', () => {
    const payload = structuredClone(fixtures.inbound_text!.payload);
    payload.entry[0].brand_new_field = { x: 1 };
    payload.entry[0].changes[0].value.messages.push({
      from: '16315551234',
      id: 'wamid.img',
      timestamp: '1603059202',
      type: 'image',
      image: { id: '1' },
    });
    payload.entry[0].changes[0].value.messages.push({
      from: '16315551234',
      id: 'wamid.nfm',
      type: 'interactive',
      interactive: { type: 'nfm_reply', nfm_reply: {} },
    });
    payload.entry[0].changes.push({ field: 'account_update', value: { whatever: true } });
    const { messages } = parseDelivery(payload);
    expect(messages.map((m) => [m.kind, m.messageType])).toEqual([
      ['text', 'text'],
      ['unsupported', 'image'],
      ['unsupported', 'interactive:nfm_reply'],
    ]);
  });

  it.each([
    [{ object: 'page', entry: [] }, 'object'],
    [{ object: 'whatsapp_business_account' }, 'entry'],
    [
      { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [] } }] }] },
      'entry.0.changes.0.value.metadata',
    ],
  ])('refuses %j naming %s', (payload, field) => {
    expect(() => parseDelivery(payload)).toThrow(WebhookPayloadError);
    try {
      parseDelivery(payload);
    } catch (error) {
      expect((error as WebhookPayloadError).field).toBe(field);
    }
  });
});
