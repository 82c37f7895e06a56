// The report's first and last parts: the workshop, the summary, the action plan, the ideas.

import { h } from '../dom.js';
import { date, pick, signed, t } from '../i18n.js';
import { ROUNDS } from '../framework.js';
import { planTable } from '../plan.js';
import { heading, section, used, wide } from './parts.js';
import { gapWithheld, meanText, tooFew } from '../anonymity.js';
import { topPriorities } from '../priority.js';

export function headerSection(rep, data, profile) {
  const plugins = (data.workshop.plugins || []).map((p) => `${pick(rep.plugins.get(p.id)) || p.id} ${p.version}`);
  const people = data.proxyParticipants
    ? t('report.participantsWithProxies', { n: data.participants, proxies: data.proxyParticipants })
    : t('report.participantsCount', { n: data.participants });
  const fact = (key, value, attr) => (value ? [h('dt', { text: t(key) }), h('dd', { data: { fact: attr }, text: value })] : null);
  return h('header', { class: 'report-head' },
    h('p', { class: 'report-kicker' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('report.kicker')),
    h('h1', { data: { reportTitle: '' }, text: data.workshop.title }),
    h('dl', { class: 'report-facts' },
      fact('report.date', date(data.createdAt), 'date'),
      fact('report.participants', people, 'participants'),
      fact('report.plugins', plugins.join(' · '), 'plugins'),
      fact('report.roleProfile', profile ? pick(profile.title) : '', 'profile'),
      fact('report.rerunOf', data.rerunOf ? (rep.earlier?.title || data.rerunOf) : '', 'rerun'),
      fact('report.code', data.workshop.joinCode, 'code')));
}

export function summarySection(rep, data, rows) {
  const top = topPriorities(data.results, 3);
  const rounds = ROUNDS.filter((r) => used(data, r));
  return section('summary',
    h('h2', { text: t('report.summary') }),
    top.length ? h('ol', { class: 'top-list' }, top.map((row) => h('li', { class: 'top-item', style: { '--dim': rep.competence(row.competence)?.dim.colour || '#888' }, data: { top: row.competence } },
      h('span', { class: 'top-rank', text: String(row.rank) }),
      h('span', { class: 'top-text' },
        h('strong', { text: rep.titleOf(row.competence) }),
        h('span', { text: t('report.topNumbers', { imp: meanText(row.importance), lev: meanText(row.level), gap: gapWithheld(row) ? tooFew() : signed(row.gap ?? null) }) }),
        row.disagreement ? h('span', { class: 'flag', text: t('report.split') }) : null))))
      : h('p', { class: 'muted', text: t('board.noResults') }),
    rounds.length ? h('p', { class: 'section-help', data: { answered: '' }, text: t('report.answered', {
      rounds: rounds.map((r) => `${t(`round.${r}.name`)} ${data.results.answered?.[r] ?? 0}`).join(' · '),
    }) }) : null);
}

export function actionsSection(rep, data) {
  const actions = data.actions || [];
  return section('actions',
    ...heading(t('report.actionsTitle'), actions.length ? t('report.actionsHelp') : null),
    actions.length ? wide(t('report.actionsTitle'), planTable(actions, rep.fw, data.results, rep.swatch)) : h('p', { class: 'muted', text: t('report.noActions') }));
}

export function ideasSection(rep, data) {
  const approved = (data.ideas || []).filter((i) => i.status === 'approved');
  if (!approved.length && !used(data, 'ideas')) return null;
  // Ranked by backing (how many colleagues back each idea) where the export has it; a stable
  // sort keeps the export's order among equals.
  const backed = approved.some((i) => typeof i.backing === 'number');
  const ideas = backed ? approved.slice().sort((a, b) => (b.backing || 0) - (a.backing || 0)) : approved;
  return section('ideas',
    ...heading(t('report.ideasTitle'), ideas.length ? t(backed ? 'report.ideasHelpBacked' : 'report.ideasHelp') : null),
    ideas.length ? h(backed ? 'ol' : 'ul', { class: 'idea-list' }, ideas.map((idea) => h('li', { data: { idea: idea.id, backing: backed ? idea.backing || 0 : null } },
      h('span', { class: 'idea-text', text: idea.text }),
      idea.competence && rep.competence(idea.competence) ? h('span', { class: 'idea-tag' }, rep.swatch(idea.competence), rep.titleOf(idea.competence)) : null,
      backed ? h('span', { class: 'idea-backing', text: t('report.ideaBacking', { n: idea.backing || 0 }) }) : null)))
      : h('p', { class: 'muted', text: t('board.noIdeas') }));
}
