-- messageEvents.record
-- (no query)

-- messageEvents.record

          with v (n, message_id, type, payload) as (values (cast(? as integer), ?, ?, ?), (cast(? as integer), ?, ?, ?))
          insert into message_events (message_id, batch_id, account_id, type, occurred_at, payload)
          select m.id, m.batch_id, m.account_id, v.type, ?, v.payload
          from v join messages m on m.id = v.message_id
          order by v.n;
-- params: [0,"0190a5b0-0000-7000-8000-000000000001","sent","{\"to\":\"jan@example.pl\",\"smtpResponse\":\"250 OK\"}",1,"0190a5b0-0000-7000-8000-000000000002","failed","{\"to\":\"ewa@example.pl\"}","2026-03-02T09:00:00.000Z"]
