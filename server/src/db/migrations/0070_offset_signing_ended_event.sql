-- D2 按月抵扣 cancelled in another channel (at a counter): the core tells the channels with the event
-- `offset_signing_ended` (core/protocol.ts), so that a channel keeping a copy of the signing ends it. The built-in
-- core's event log (and so the core emulator's) records the new type.
ALTER TABLE core_events DROP CONSTRAINT IF EXISTS core_events_type_check;
ALTER TABLE core_events
  ADD CONSTRAINT core_events_type_check
  CHECK (type IN ('deposit', 'back_pay', 'base_change', 'business_progress', 'loan_disbursed', 'instalment_deducted', 'overdue', 'offset_signing_ended'));
