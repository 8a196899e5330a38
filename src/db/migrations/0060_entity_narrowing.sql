-- Roles limited to an entity (issue 34): the desk's queues (mail, the post, the inbox, the
-- Ombudsman's interventions, improvement actions) are narrowed to a limited person's entity
-- rather than refused. No new index is needed: each list is read in its existing order
-- (mail_messages_created_idx, inbox_items_queue_idx, postal_letters_waiting_idx, and so on) and
-- each row's complaint is found by its primary key to compare its entity_id; an improvement
-- action's complaints by improvement_action_complaints' primary key (action_id, complaint_id).
select 1;
