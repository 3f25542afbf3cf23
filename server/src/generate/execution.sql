-- The execution benchmark's data set (`server bench-execution`), written once into a database
-- of its own: 2,000 projects in execution across the four cities, 6 participants each (one
-- per need, drawn from 300 firms), 8 milestones and 20 progress reports per participant, two
-- risks, three payments and five messages per project. Deterministic: every value follows from
-- the row numbers. Milestones are due from a year ago to a year ahead, so the portfolio holds
-- green, amber and red projects.

INSERT INTO users (email, display_name, password_hash, role, city_code)
SELECT 'bench-' || c.code || '@bench.example.cn', '基准' || c.name_zh || '官员',
       '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2g$YmVuY2g', 'official', c.code
FROM cities c;

INSERT INTO firms (name, credit_code, city_code, status)
SELECT '基准企业' || lpad(i::text, 3, '0'),
       '91510' || lpad(i::text, 12, '0') || 'X',
       (ARRAY['chengdu', 'deyang', 'meishan', 'ziyang'])[1 + i % 4], 'approved'
FROM generate_series(1, 300) AS i;

CREATE TEMP TABLE bench_firms AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM firms WHERE name LIKE '基准企业%';
CREATE TEMP TABLE bench_caps AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM capabilities;

INSERT INTO projects (city_code, title, summary, category_id, stage, responsible_user_id,
                      created_by, status, fund_city, fund_province, fund_investment, fund_own,
                      starts_on, ends_on)
SELECT city, '基准执行项目' || lpad(i::text, 4, '0'), '基准数据',
       (SELECT id FROM capability_categories ORDER BY id OFFSET i % 4 LIMIT 1), 'incubation',
       u.id, u.id, 'in_execution', 3000000 + i * 1000, 2000000, 5000000, 1000000,
       current_date - 365 + i % 60, current_date + 365 + i % 60
FROM (SELECT i, (ARRAY['chengdu', 'deyang', 'meishan', 'ziyang'])[1 + i % 4] AS city
      FROM generate_series(1, 2000) AS i) p
JOIN users u ON u.email = 'bench-' || p.city || '@bench.example.cn';

CREATE TEMP TABLE bench_projects AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, responsible_user_id AS official
FROM projects WHERE title LIKE '基准执行项目%';

INSERT INTO project_needs (project_id, capability_id, level, quantity, status)
SELECT p.id, c.id, 'small_batch', 100, 'filled'
FROM bench_projects p, generate_series(0, 5) AS k
JOIN bench_caps c ON c.n = k * 7 % (SELECT count(*) FROM bench_caps);

INSERT INTO project_participants (project_id, need_id, firm_id, selected_by)
SELECT n.project_id, n.id, f.id, p.official
FROM (SELECT id, project_id, row_number() OVER (PARTITION BY project_id ORDER BY id) - 1 AS k
      FROM project_needs WHERE project_id IN (SELECT id FROM bench_projects)) n
JOIN bench_projects p ON p.id = n.project_id
JOIN bench_firms f ON f.n = (p.n * 6 + n.k) % 300;

-- Eight milestones each, due every three months from a year ago; the early ones accepted, one
-- handed in, one in progress, the rest planned (a few projects' work running late).
INSERT INTO project_milestones (project_id, participant_id, position, rung, name, due_on,
                                state, started_on, deliverable, acceptance)
SELECT pp.project_id, pp.id, m,
       CASE WHEN m = 1 THEN 'prototype' END,
       CASE WHEN m > 1 THEN '第' || m || '阶段' END,
       current_date - 365 + (m * 90 + pp.id % 30)::int,
       CASE WHEN m <= 3 THEN 'accepted'
            WHEN m = 4 AND pp.id % 5 = 0 THEN 'submitted'
            WHEN m = 4 OR (m = 5 AND pp.id % 7 = 0) THEN 'in_progress'
            ELSE 'planned' END,
       CASE WHEN m <= 5 THEN current_date - 365 + (m - 1) * 90 END,
       '样机及测试报告', '按合同技术指标验收'
FROM project_participants pp, generate_series(1, 8) AS m
WHERE pp.project_id IN (SELECT id FROM bench_projects);

-- Twenty reports per participant, on its begun milestones, one every two weeks.
INSERT INTO milestone_reports (milestone_id, reported_on, percent, body, author_id)
SELECT m.id, current_date - 300 + (r * 14 + m.participant_id % 10)::int, least(100, r * 5),
       '第' || r || '次进度：装配与测试按计划推进，详见附件。', p.official
FROM project_milestones m
JOIN bench_projects p ON p.id = m.project_id
JOIN generate_series(1, 20) AS r ON m.position = 1 + (r - 1) / 5
WHERE m.project_id IN (SELECT id FROM bench_projects);

INSERT INTO project_risks (project_id, title, severity, likelihood, created_by, state)
SELECT p.id, '供货风险' || k,
       CASE WHEN k = 1 AND p.n % 9 = 0 THEN 'critical' WHEN k = 1 AND p.n % 4 = 0 THEN 'high'
            ELSE 'medium' END,
       'medium', p.official, CASE WHEN k = 2 THEN 'mitigated' ELSE 'open' END
FROM bench_projects p, generate_series(1, 2) AS k;

INSERT INTO project_disbursements (project_id, paid_on, amount, source, participant_id, note,
                                   recorded_by)
SELECT p.id, current_date - 200 + k * 30, 500000 * k,
       (ARRAY['city', 'province', 'investment'])[k],
       (SELECT pp.id FROM project_participants pp WHERE pp.project_id = p.id ORDER BY pp.id
        OFFSET k - 1 LIMIT 1), '按节点拨付', p.official
FROM bench_projects p, generate_series(1, 3) AS k;

INSERT INTO project_messages (project_id, author_id, body)
SELECT p.id, p.official, '请各参与单位本周更新进度（第' || k || '次）。'
FROM bench_projects p, generate_series(1, 5) AS k;
