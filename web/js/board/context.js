// What every board screen reads: the wheel, the live store, the public snapshot, and the
// questions about them the screens share.

import { h } from '../dom.js';
import { change } from '../i18n.js';
import { api } from '../api.js';
import { tallyOf } from '../framework.js';
import { meanOf, valuesWithheld } from '../anonymity.js';

export function boardContext({ workshopId, fw, snapshot, store, preview = false }) {
  const state = () => store.state;
  const settings = () => store.workshop?.settings || snapshot.workshop.settings || {};
  return {
    workshopId, fw, snapshot, state,
    /** The console's miniature (board.html?preview=1): nothing that acts on the device or the room. */
    preview,
    /** A re-run: results carry each competence's change since the earlier run. */
    isRerun: () => Boolean(store.workshop?.rerunOf),
    /** The chosen role profile, if any: its expected level is shown beside the team's. */
    profile: () => fw.roleProfiles.find((p) => p.id === settings().roleProfile) || null,
    /** Rounds whose results this board may show (revealed, or every round when not blind). */
    visible: (round) => Boolean(state().results?.answered && round in state().results.answered),
    /**
     * A competence's tally row and its two means (null when unknown or withheld); impWithheld
     * and levWithheld say a mean is held back (fewer answers than the minimum group size).
     */
    means: (id) => {
      const row = tallyOf(state().results, id);
      return {
        row, imp: meanOf(row?.importance), lev: meanOf(row?.level),
        impWithheld: valuesWithheld(row?.importance), levWithheld: valuesWithheld(row?.level),
      };
    },
    /** The workshop's groups (settings.groups) and the results per group (results.groups). */
    groups: () => settings().groups || [],
    groupResults: () => state().results?.groups || [],
    minGroupSize: () => state().results?.minGroupSize ?? settings().minGroupSize ?? 1,
    joinUrl: snapshot.joinUrl.split('?')[0].replace(/^https?:\/\//, ''),
    qrUrl: api.qrUrl(workshopId),
  };
}

/** A change since the earlier run, as a small tag beside a number (nothing when unknown). */
export const changeTag = (value, digits = 1) => (typeof value === 'number'
  ? h('span', { class: 'change', data: { direction: value > 0 ? 'up' : value < 0 ? 'down' : 'same' }, text: change(value, digits) }) : null);
