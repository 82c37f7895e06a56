// The server's contract. A test (Tests/WheelProtocolTests/ContractTests.swift) fails when these differ from the server.
export const ERROR_CODES = [
  'malformed_json', 'unknown_type', 'invalid_message', 'invalid_value', 'too_large', 'rate_limited',
  'hello_required', 'unsupported_protocol', 'unknown_workshop', 'not_facilitator',
  'op_reused', 'workshop_full', 'text_too_long', 'empty_text', 'round_closed', 'wrong_round',
  'unknown_competence', 'dots_exhausted', 'dots_per_competence', 'points_sum', 'too_many_ideas',
  'unknown_idea', 'unknown_participant', 'invalid_transition',
  'store_unavailable', 'store_failed', 'server_error',
  'not_found', 'unauthorized', 'invalid_body', 'invalid_plugins', 'qr_failed',
  'too_large_unpacked', 'not_a_zip', 'unsafe_path', 'no_manifest', 'invalid_plugin', 'write_failed',
  'invalid_path', 'forbidden_origin', 'unsupported_media_type', 'bad_request', 'forbidden',
  'method_not_allowed', 'request_timeout', 'uri_too_long', 'request_header_fields_too_large', 'internal_error',
];
export const FATAL_ERRORS = ['unknown_workshop', 'workshop_full', 'not_facilitator', 'invalid_message', 'unsupported_protocol'];
export const TRANSIENT_ERRORS = ['store_failed', 'store_unavailable', 'rate_limited', 'server_error'];
export const BOARD_VIEWS = ['wheel', 'ranking', 'matrix', 'dots', 'ideas'];
export const ROUND_ACTIONS = { open: 'openRound', close: 'closeRound', reveal: 'revealRound', reset: 'resetRound' };
export const LIMITS = {
  ideaLength: 280,
  nameLength: 40,
  titleLength: 120,
  actionWhatLength: 280,
  actionOwnerLength: 80,
  ideasPerParticipant: 20,
  pointsTotal: 100,
};
