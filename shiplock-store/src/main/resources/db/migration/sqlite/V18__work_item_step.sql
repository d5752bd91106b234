-- Work items stay after their step ends (a result's owner check and a retry read them by step and
-- attempt); without this index each of those reads scanned the whole history of the queue.
CREATE INDEX work_item_step ON work_item (step_run_id, attempt);
