// Who changed something: versions record the API key's id; people read the key's label.

/**
 * A function naming a key id by its label, from GET /api/admin/keys when the server has it; else the id
 * itself. Changes the bot made on its own (`system:…`, such as the first start's rule set) are "the system".
 */
export async function keyLabels(api, t) {
  let labels = new Map();
  try {
    labels = new Map((await api('GET', '/api/admin/keys')).keys.map((key) => [key.keyId, key.label]));
  } catch {
    // Without the keys API the id is still who it was.
  }
  return (keyId) => (typeof keyId === 'string' && keyId.startsWith('system:') ? t('system') : labels.get(keyId) || keyId);
}
