-- The seed's answer on community tech teams said the bot keeps no list of the teams. The chat now follows that answer
-- with the ward's teams and contact details (Conversations/Browse/KnowledgeAnswerer.cs), so the sentence would
-- contradict what comes right after it; dialogs/knowledge/faq.yaml dropped it, but the database wins over the file.
-- Changed only where the entry still has the seed's exact text (nobody edited it), as a new version by «hệ thống», so
-- the history shows it and it can be rolled back; knowledge_revision makes running instances rebuild their index.
INSERT INTO faq_versions (faq_id, version, action, question, answer, related, keywords, questions, changed_by, changed_at, note)
SELECT id, version + 1, 'edit', question, REPLACE(answer, ' Trợ lý này không có danh sách hay số điện thoại của các tổ.', ''), related, keywords, questions, 'hệ thống', strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z',
       'Bỏ câu «Trợ lý này không có danh sách hay số điện thoại của các tổ.»: trợ lý nay nói các tổ và thông tin liên hệ của phường'
FROM faq_entries
WHERE id = 'to-cong-nghe-so-cong-dong' AND deleted_at IS NULL
  AND answer = 'Tổ công nghệ số cộng đồng là những người ở từng khu phố, đến từng nhà hướng dẫn bà con cài đặt và sử dụng các nền tảng số (xem điểm 10). Trợ lý này không có danh sách hay số điện thoại của các tổ. Để biết tổ ở khu phố của mình, bạn hỏi bộ phận một cửa của UBND phường, hoặc chọn «Góp ý, gặp cán bộ» để nhắn cho cán bộ phường ngay tại đây.';

UPDATE faq_entries SET answer = REPLACE(answer, ' Trợ lý này không có danh sách hay số điện thoại của các tổ.', ''), version = version + 1, updated_by = 'hệ thống', updated_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z'
WHERE id = 'to-cong-nghe-so-cong-dong' AND deleted_at IS NULL
  AND answer = 'Tổ công nghệ số cộng đồng là những người ở từng khu phố, đến từng nhà hướng dẫn bà con cài đặt và sử dụng các nền tảng số (xem điểm 10). Trợ lý này không có danh sách hay số điện thoại của các tổ. Để biết tổ ở khu phố của mình, bạn hỏi bộ phận một cửa của UBND phường, hoặc chọn «Góp ý, gặp cán bộ» để nhắn cho cán bộ phường ngay tại đây.';

UPDATE knowledge_revision SET revision = revision + 1 WHERE id = 1;
