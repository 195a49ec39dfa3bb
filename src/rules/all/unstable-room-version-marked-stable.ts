import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';

export const unstableRoomVersionMarkedStable: Rule = {
  id: 'unstable-room-version-marked-stable',
  severity: 'error',
  title: 'The m.room_versions capability labels an unstable room version stable, or makes it the default',
  rationale:
    'Room versions not listed in the spec are unstable (spec "Room versions", complete list), and servers should default new rooms to the stable version the spec recommends. Labelling an unstable version stable, or creating new rooms in it by default, puts users\' rooms on an algorithm that may never be specified.',
  fix: 'Mark vendor-prefixed and unreleased room versions "unstable" in m.room_versions.available, and default to a spec room version.',
  check({ facts, catalogue }) {
    return facts.observedFields.flatMap((field) => {
      if (field.kind !== 'room_version' || catalogue.isSpecName('room_version', field.name)) return [];
      const problems = [field.stability === 'stable' ? 'is labelled "stable"' : '', field.isDefault ? 'is the default' : ''].filter(Boolean);
      if (problems.length === 0) return [];
      const known = catalogue.fieldsNamed(field.name).find((match) => match.field.kind === 'room_version');
      return [
        {
          ...(known ? { msc: known.entry.msc } : {}),
          subject: `room_version ${field.name}`,
          message: `room version ${field.name} is not a spec room version but ${problems.join(' and ')} in m.room_versions`,
          evidence: [{ probe: field.probe, document: field.where, detail: `${field.name}: ${field.stability ?? '-'}${field.isDefault ? ' (default)' : ''}` }],
          passage: PASSAGES.roomVersions,
        },
      ];
    });
  },
};
