// @ts-check

/**
 * Owners and systems in one spelling, `kind:namespace/name` in lowercase (as
 * the catalog writes refs): rows registered before were stored as typed, so
 * `media-pipeline` or `Group:default/Team-A` reached the UI and the entities.
 * A row whose ref cannot be read is left as it is.
 *
 * The parsing is written out here rather than imported: a migration must
 * keep doing what it did when it shipped, whatever the validators become.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rows = await knex('s3_resources').select('id', 'owner', 'system');
  for (const row of rows) {
    const owner = canonical(row.owner, ['group', 'user'], 'group');
    const system =
      row.system === null || row.system === undefined
        ? row.system
        : canonical(row.system, ['system'], 'system');
    const update = {};
    if (owner && owner !== row.owner) update.owner = owner;
    if (system && system !== row.system) update.system = system;
    if (Object.keys(update).length) {
      await knex('s3_resources').where({ id: row.id }).update(update);
    }
  }
};

/** Canonical refs are valid input in any version: nothing to undo. */
exports.down = async function down() {};

/**
 * @param {string} ref
 * @param {string[]} kinds
 * @param {string} defaultKind
 * @returns {string | undefined}
 */
function canonical(ref, kinds, defaultKind) {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!m) return undefined;
  const [, kind = defaultKind, namespace = 'default', name] = m;
  if (!kinds.includes(kind.toLowerCase())) return undefined;
  if (
    namespace.length > 63 ||
    !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(namespace.toLowerCase())
  ) {
    return undefined;
  }
  if (
    name.length > 63 ||
    !/^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/.test(name)
  ) {
    return undefined;
  }
  return `${kind}:${namespace}/${name}`.toLowerCase();
}
