<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BeyondView</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Novelty (bits)</source>
        <translation>新颖度（比特）</translation>
    </message>
    <message>
        <source>Diversity</source>
        <translation>多样性</translation>
    </message>
    <message>
        <source>Pop. percentile</source>
        <translation>热门百分位</translation>
    </message>
    <message>
        <source>Held-out pop. percentile</source>
        <translation>留出物品的热门百分位</translation>
    </message>
    <message>
        <source>Head share</source>
        <translation>头部占比</translation>
    </message>
    <message>
        <source>The test hold-out here is never used by a sweep: the Sweep view scores settings by cross-validation on the training part only.</source>
        <translation>这里的测试集从不会被参数扫描使用：扫描视图只在训练部分上用交叉验证给设置评分。</translation>
    </message>
    <message>
        <source>Mean self-information −log2(popularity share) of recommended items: higher = less obvious items.</source>
        <translation>推荐物品的平均自信息 −log2(热门占比)：越高表示推荐的物品越不那么显而易见。</translation>
    </message>
    <message>
        <source>1 − mean cosine similarity of the items within each list (genres when the data has them, otherwise who interacted with them).</source>
        <translation>1 − 每个推荐列表内物品两两之间的平均余弦相似度（数据有类型时按类型，否则按与它们交互过的用户）。</translation>
    </message>
    <message>
        <source>Mean popularity percentile of recommended items (100 = the most popular item).</source>
        <translation>推荐物品的平均热门百分位（100 = 最热门的物品）。</translation>
    </message>
    <message>
        <source>The same for the items users actually chose next: a model far above this pushes the head harder than users do.</source>
        <translation>用户实际接下来选择的物品的同一指标：远高于它的模型比用户自己更偏向头部热门物品（流行度偏差）。</translation>
    </message>
    <message>
        <source>Share of recommendations taken by the 20 % most popular items.</source>
        <translation>最热门的 20% 物品在推荐中所占的比例。</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Which evaluation the group table shows.</source>
        <translation>分组表显示哪一次评估。</translation>
    </message>
    <message>
        <source>Users: cold (≤ 5) / regular / heavy (top 10 %)</source>
        <translation>用户：冷启动（≤ 5）/ 普通 / 重度（前 10%）</translation>
    </message>
    <message>
        <source>Held-out items: head (top 20 %) / tail</source>
        <translation>留出物品：头部（前 20%）/ 长尾</translation>
    </message>
    <message>
        <source>The metric the bar chart compares across evaluations.</source>
        <translation>柱状图在各次评估之间比较的指标。</translation>
    </message>
    <message>
        <source>Groups of</source>
        <translation>分组依据</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>A bar chart of any metric across evaluations.</source>
        <translation>用柱状图比较各次评估的任一指标。</translation>
    </message>
    <message>
        <source>Results per user group or held-out item group.</source>
        <translation>按用户分组或留出物品分组的结果。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Held-out items</source>
        <translation>留出物品数</translation>
    </message>
    <message>
        <source>HR@{k} per held-out item</source>
        <translation>每个留出物品的 HR@{k}</translation>
    </message>
    <message>
        <source>Share of recommendations@{k}</source>
        <translation>推荐占比@{k}</translation>
    </message>
</context>
<context>
    <name>CoreError</name>
    <message>
        <source>the model was trained on other data ({trained}): none of the table&apos;s {item_ids} items is known to it (e.g. {examples}); retrain it on this table</source>
        <translation>模型是在其他数据（{trained}）上训练的：表格中的 {item_ids} 个物品它一个都不认识（例如 {examples}）；请在这张表格上重新训练</translation>
    </message>
    <message>
        <source>the model was trained on other data ({trained}): none of the table&apos;s {user_ids} users is known to it (e.g. {examples}) and this model cannot score users it was not trained on; retrain it on this table</source>
        <translation>模型是在其他数据（{trained}）上训练的：表格中的 {user_ids} 个用户它一个都不认识（例如 {examples}），而这个模型无法为训练时没有见过的用户打分；请在这张表格上重新训练</translation>
    </message>
    <message>
        <source>unknown projection {method}; choose one of {join}</source>
        <translation>未知的投影方法 {method}；可选：{join}</translation>
    </message>
    <message>
        <source>evaluate with per_user=True to get beyond-accuracy figures</source>
        <translation>要得到准确率以外的指标，请以 per_user=True 进行评估</translation>
    </message>
    <message>
        <source>folds must be between 1 and {max_folds}, got {k}</source>
        <translation>折数必须在 1 到 {max_folds} 之间，实际为 {k}</translation>
    </message>
    <message>
        <source>{k} folds need at least {k} users with 2 or more interactions; the training part has {users}</source>
        <translation>{k} 折至少需要 {k} 个有 2 次或更多交互的用户；训练部分只有 {users} 个</translation>
    </message>
    <message>
        <source>k must be at least 1, got {k}</source>
        <translation>k 至少为 1，实际为 {k}</translation>
    </message>
    <message>
        <source>sampled must be a positive number of items, got {sampled}</source>
        <translation>采样的物品数必须是正数，实际为 {sampled}</translation>
    </message>
    <message>
        <source>the split has no test users (does every user have fewer than 2 interactions?)</source>
        <translation>划分中没有测试用户（是不是每个用户的交互都少于 2 次？）</translation>
    </message>
    <message>
        <source>the model knows {item_ids} items but the split has {n_items}; fit it on split.train</source>
        <translation>模型认识 {item_ids} 个物品，但划分中有 {n_items} 个；请在 split.train 上训练它</translation>
    </message>
    <message>
        <source>every test user needs at least one test item</source>
        <translation>每个测试用户至少需要一个测试物品</translation>
    </message>
    <message>
        <source>the model is not trained yet; fit it on split.train first</source>
        <translation>模型还没有训练；请先在 split.train 上训练它</translation>
    </message>
    <message>
        <source>the model was not fitted on this split&apos;s training table</source>
        <translation>模型不是在这个划分的训练集上训练的</translation>
    </message>
    <message>
        <source>the model was fitted on a different table than split.train ({nnz} vs {nnz2} interactions); fit it on split.train so the test items stay hidden</source>
        <translation>模型训练所用的表格与 split.train 不同（{nnz} 与 {nnz2} 次交互）；请在 split.train 上训练，使测试物品保持不可见</translation>
    </message>
    <message>
        <source>every user needs at least one test item</source>
        <translation>每个用户至少需要一个测试物品</translation>
    </message>
    <message>
        <source>unknown split {name}; choose one of {join}</source>
        <translation>未知的划分方式 {name}；可选：{join}</translation>
    </message>
    <message>
        <source>a temporal split needs timestamps, and this table has none</source>
        <translation>按时间划分需要时间戳，而这张表格没有</translation>
    </message>
    <message>
        <source>ratio must be between 0 and 1 (exclusive), got {ratio}</source>
        <translation>比例必须在 0 和 1 之间（不含端点），实际为 {ratio}</translation>
    </message>
    <message>
        <source>call seconds must be positive, got {seconds}</source>
        <translation>每次调用的秒数必须为正数，实际为 {seconds}</translation>
    </message>
    <message>
        <source>matrix shape {shape} does not match {user_ids} users × {item_ids} items</source>
        <translation>矩阵形状 {shape} 与 {user_ids} 个用户 × {item_ids} 个物品不符</translation>
    </message>
    <message>
        <source>duplicate user ids</source>
        <translation>用户 ID 重复</translation>
    </message>
    <message>
        <source>duplicate item ids</source>
        <translation>物品 ID 重复</translation>
    </message>
    <message>
        <source>value must be a finite number, got {value}</source>
        <translation>取值必须是有限的数，实际为 {value}</translation>
    </message>
    <message>
        <source>value must be positive (clear the cell to remove an interaction)</source>
        <translation>取值必须为正数（清空单元格即可删除一次交互）</translation>
    </message>
    <message>
        <source>user id {user} is empty or already exists</source>
        <translation>用户 ID {user} 为空或已存在</translation>
    </message>
    <message>
        <source>position {pos} out of range</source>
        <translation>位置 {pos} 超出范围</translation>
    </message>
    <message>
        <source>user id {new} is empty or already exists</source>
        <translation>用户 ID {new} 为空或已存在</translation>
    </message>
    <message>
        <source>item id {item} is empty or already exists</source>
        <translation>物品 ID {item} 为空或已存在</translation>
    </message>
    <message>
        <source>item id {new} is empty or already exists</source>
        <translation>物品 ID {new} 为空或已存在</translation>
    </message>
    <message>
        <source>timestamps need a matrix with sorted indices</source>
        <translation>时间戳要求矩阵的索引已排序</translation>
    </message>
    <message>
        <source>timestamps must align with matrix.data</source>
        <translation>时间戳必须与 matrix.data 一一对应</translation>
    </message>
    <message>
        <source>input_order must align with matrix.data</source>
        <translation>input_order 必须与 matrix.data 一一对应</translation>
    </message>
    <message>
        <source>unknown user {user}</source>
        <translation>未知用户 {user}</translation>
    </message>
    <message>
        <source>unknown item {item}</source>
        <translation>未知物品 {item}</translation>
    </message>
    <message>
        <source>no ratings found in this {kind} ({found}): expected MovieLens u.data, ratings.dat or ratings.csv, or a single CSV/TSV/JSON file</source>
        <translation>在这个{kind}（{found}）中没有找到评分：应为 MovieLens 的 u.data、ratings.dat 或 ratings.csv，或者单个 CSV/TSV/JSON 文件</translation>
    </message>
    <message>
        <source>no output file name given</source>
        <translation>没有给出输出文件名</translation>
    </message>
    <message>
        <source>{reason}; refusing to replace it</source>
        <translation>{reason}；拒绝覆盖它</translation>
    </message>
    <message>
        <source>cannot write here ({value})</source>
        <translation>无法在此处写入（{value}）</translation>
    </message>
    <message>
        <source>cannot write the file ({value})</source>
        <translation>无法写入文件（{value}）</translation>
    </message>
    <message>
        <source>file too large (grew past the {describe_size} limit)</source>
        <translation>文件太大（超过了 {describe_size} 的上限）</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <source>is a folder, expected a file</source>
        <translation>这是一个文件夹，应为文件</translation>
    </message>
    <message>
        <source>cannot open the file ({value})</source>
        <translation>无法打开文件（{value}）</translation>
    </message>
    <message>
        <source>file too large ({describe_size}; the limit is {describe_size2})</source>
        <translation>文件太大（{describe_size}；上限为 {describe_size2}）</translation>
    </message>
    <message>
        <source>cannot read the file ({value})</source>
        <translation>无法读取文件（{value}）</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>no interactions: the file has a header but no rows</source>
        <translation>没有交互：文件只有表头，没有数据行</translation>
    </message>
    <message>
        <source>missing rating</source>
        <translation>缺少评分</translation>
    </message>
    <message>
        <source>rating {strip} is not a finite number</source>
        <translation>评分 {strip} 不是有限的数</translation>
    </message>
    <message>
        <source>rating {strip} is not positive (leave the row out for &apos;no rating&apos;)</source>
        <translation>评分 {strip} 不是正数（“没有评分”请直接省略这一行）</translation>
    </message>
    <message>
        <source>missing timestamp</source>
        <translation>缺少时间戳</translation>
    </message>
    <message>
        <source>timestamp {strip} is not a whole number (seconds since 1970)</source>
        <translation>时间戳 {strip} 不是整数（应为自 1970 年起的秒数）</translation>
    </message>
    <message>
        <source>could not read the table</source>
        <translation>无法读取表格</translation>
    </message>
    <message>
        <source>could not read the table ({exc})</source>
        <translation>无法读取表格（{exc}）</translation>
    </message>
    <message>
        <source>wrong number of columns: expected {n_fields} ({names}) separated by {separators}, found {fields}</source>
        <translation>列数不对：应为 {n_fields} 列（{names}），以 {separators} 分隔，实际为 {fields} 列</translation>
    </message>
    <message>
        <source>rating {strip} is not a number</source>
        <translation>评分 {strip} 不是数字</translation>
    </message>
    <message>
        <source>missing {role} id</source>
        <translation>缺少{role} ID</translation>
    </message>
    <message>
        <source>the item file is empty</source>
        <translation>物品文件为空</translation>
    </message>
    <message>
        <source>use commas between fields (&apos;|&apos; separates genres)</source>
        <translation>字段之间请用逗号分隔（&apos;|&apos; 用来分隔类型）</translation>
    </message>
    <message>
        <source>no items found (only a header?)</source>
        <translation>没有找到物品（只有表头？）</translation>
    </message>
    <message>
        <source>cannot read the line ({exc})</source>
        <translation>无法读取这一行（{exc}）</translation>
    </message>
    <message>
        <source>expected {width} fields ({shape}) like the first line, found {fields}</source>
        <translation>应与第一行一样有 {width} 个字段（{shape}），实际为 {fields} 个</translation>
    </message>
    <message>
        <source>empty item id</source>
        <translation>物品 ID 为空</translation>
    </message>
    <message>
        <source>expected userId,movieId,tag,timestamp, found {fields} fields</source>
        <translation>应为 userId,movieId,tag,timestamp，实际有 {fields} 个字段</translation>
    </message>
    <message>
        <source>expected 2 fields (item,tag) or 3 (item,title,genres), found {width}</source>
        <translation>应为 2 个字段（item,tag）或 3 个（item,title,genres），实际为 {width} 个</translation>
    </message>
    <message>
        <source>the file ends in the middle of line {last} (cut short?): every MovieLens ratings row ends with a line break</source>
        <translation>文件在第 {last} 行中间结束（被截断了？）：MovieLens 评分文件的每一行都以换行符结尾</translation>
    </message>
    <message>
        <source>movie list has {shape} columns, expected at least {n_min}</source>
        <translation>电影列表有 {shape} 列，至少应有 {n_min} 列</translation>
    </message>
    <message>
        <source>cannot read the movie list ({exc})</source>
        <translation>无法读取电影列表（{exc}）</translation>
    </message>
    <message>
        <source>expected a JSON object of users, like {{&quot;user1&quot;: [&quot;item1&quot;, &quot;item2&quot;]}}</source>
        <translation>应为一个以用户为键的 JSON 对象，例如 {{&quot;user1&quot;: [&quot;item1&quot;, &quot;item2&quot;]}}</translation>
    </message>
    <message>
        <source>no users in the JSON object</source>
        <translation>JSON 对象中没有用户</translation>
    </message>
    <message>
        <source>no interactions: every user&apos;s list is empty</source>
        <translation>没有交互：每个用户的列表都是空的</translation>
    </message>
    <message>
        <source>item {item} is not a string or a whole number</source>
        <translation>物品 {item} 既不是字符串也不是整数</translation>
    </message>
    <message>
        <source>rating of {item} is not a number: {value}</source>
        <translation>{item} 的评分不是数字：{value}</translation>
    </message>
    <message>
        <source>rating of {item} must be a positive finite number</source>
        <translation>{item} 的评分必须是有限的正数</translation>
    </message>
    <message>
        <source>{kind} {key} appears twice in the same object</source>
        <translation>{kind} {key} 在同一个对象中出现了两次</translation>
    </message>
    <message>
        <source>invalid JSON ({msg})</source>
        <translation>无效的 JSON（{msg}）</translation>
    </message>
    <message>
        <source>invalid JSON (nested too deeply)</source>
        <translation>无效的 JSON（嵌套太深）</translation>
    </message>
    <message>
        <source>empty user id</source>
        <translation>用户 ID 为空</translation>
    </message>
    <message>
        <source>user {user}: expected a list of items or an object of item: rating</source>
        <translation>用户 {user}：应为物品列表，或“物品: 评分”形式的对象</translation>
    </message>
    <message>
        <source>cannot find columns: expected user and item (optionally rating and timestamp) separated by commas, tabs, semicolons, &apos;|&apos; or spaces</source>
        <translation>找不到列：应为用户和物品（可选评分和时间戳），以逗号、制表符、分号、&apos;|&apos; 或空格分隔</translation>
    </message>
    <message>
        <source>{n_fields} columns but no header naming them: expected user, item, and optionally rating and timestamp</source>
        <translation>有 {n_fields} 列，但没有给出列名的表头：应为用户、物品，以及可选的评分和时间戳</translation>
    </message>
    <message>
        <source>expected at least two columns (user and item) separated by {separators}</source>
        <translation>至少应有两列（用户和物品），以 {separators} 分隔</translation>
    </message>
    <message>
        <source>no {join} column in the header</source>
        <translation>表头中没有 {join} 列</translation>
    </message>
    <message>
        <source>malformed line ({exc})</source>
        <translation>格式错误的行（{exc}）</translation>
    </message>
    <message>
        <source>cannot list the folder ({value})</source>
        <translation>无法列出文件夹内容（{value}）</translation>
    </message>
    <message>
        <source>not a readable zip archive ({exc})</source>
        <translation>不是可读的 zip 压缩包（{exc}）</translation>
    </message>
    <message>
        <source>cannot decode the text as {encoding} (byte 0x{data}); save the file as UTF-8</source>
        <translation>无法按 {encoding} 解码文本（字节 0x{data}）；请将文件另存为 UTF-8</translation>
    </message>
    <message>
        <source>binary data, not a text file (NUL byte)</source>
        <translation>这是二进制数据，不是文本文件（含 NUL 字节）</translation>
    </message>
    <message>
        <source>binary data, not a text file (NUL character)</source>
        <translation>这是二进制数据，不是文本文件（含 NUL 字符）</translation>
    </message>
    <message>
        <source>cannot decode the text: its encoding cannot be told (not UTF-8: byte 0x{data}; not UTF-16 or Chinese GB18030); save the file as UTF-8</source>
        <translation>无法解码文本：无法判断其编码（不是 UTF-8：字节 0x{data}；也不是 UTF-16 或中文 GB18030）；请将文件另存为 UTF-8</translation>
    </message>
    <message>
        <source>cannot decode the text as UTF-16 (it starts with a UTF-16 byte-order mark): {reason}</source>
        <translation>无法按 UTF-16 解码文本（它以 UTF-16 字节顺序标记开头）：{reason}</translation>
    </message>
    <message>
        <source>{filename} would inflate to {describe_size} (the limit is {describe_size2})</source>
        <translation>{filename} 解压后会有 {describe_size}（上限为 {describe_size2}）</translation>
    </message>
    <message>
        <source>{filename} is compressed {value} times (more than {max_ratio}): refused as a possible zip bomb</source>
        <translation>{filename} 的压缩比为 {value} 倍（超过 {max_ratio}）：可能是 zip 炸弹，已拒绝</translation>
    </message>
    <message>
        <source>{name} does not have its declared size</source>
        <translation>{name} 的大小与声明的不符</translation>
    </message>
    <message>
        <source>{name} is missing</source>
        <translation>缺少 {name}</translation>
    </message>
    <message>
        <source>cannot extract {name} ({exc})</source>
        <translation>无法解压 {name}（{exc}）</translation>
    </message>
    <message>
        <source>damaged model file: {problem}</source>
        <translation>模型文件已损坏：{problem}</translation>
    </message>
    <message>
        <source>manifest.json is nested more than {max_json_depth} levels</source>
        <translation>manifest.json 的嵌套超过了 {max_json_depth} 层</translation>
    </message>
    <message>
        <source>not a RecLab model file (the manifest is not an object)</source>
        <translation>不是 RecLab 模型文件（清单不是一个对象）</translation>
    </message>
    <message>
        <source>array {key} has dtype {dtype}, expected numbers or text</source>
        <translation>数组 {key} 的数据类型为 {dtype}，应为数字或文本</translation>
    </message>
    <message>
        <source>array {key} has a bad shape {shape}</source>
        <translation>数组 {key} 的形状 {shape} 不对</translation>
    </message>
    <message>
        <source>array {key} claims shape {shape} of {dtype} ({value} bytes) but holds {value2} bytes</source>
        <translation>数组 {key} 声称形状为 {shape}、类型为 {dtype}（{value} 字节），但实际只有 {value2} 字节</translation>
    </message>
    <message>
        <source>{name}: bad shape {tolist}</source>
        <translation>{name}：形状 {tolist} 不对</translation>
    </message>
    <message>
        <source>{name}: shape {n_rows} x {n_cols} is too large</source>
        <translation>{name}：形状 {n_rows} x {n_cols} 太大</translation>
    </message>
    <message>
        <source>{name}: shape {n_rows} x {n_cols} does not match {expected_shape} x {expected_shape2}</source>
        <translation>{name}：形状 {n_rows} x {n_cols} 与 {expected_shape} x {expected_shape2} 不符</translation>
    </message>
    <message>
        <source>{name}: data must be a 1-D numeric array</source>
        <translation>{name}：data 必须是一维数值数组</translation>
    </message>
    <message>
        <source>{name}: indptr has {indptr} entries for {n_rows} rows</source>
        <translation>{name}：{n_rows} 行却有 {indptr} 个 indptr 条目</translation>
    </message>
    <message>
        <source>{name}: {indices} indices but {data} values</source>
        <translation>{name}：有 {indices} 个索引，却有 {data} 个值</translation>
    </message>
    <message>
        <source>{name}: indptr does not span the {indices} stored entries</source>
        <translation>{name}：indptr 没有覆盖全部 {indices} 个存储的条目</translation>
    </message>
    <message>
        <source>{name}: indptr is not non-decreasing</source>
        <translation>{name}：indptr 不是单调不减的</translation>
    </message>
    <message>
        <source>{name}: column index out of range 0..{value}</source>
        <translation>{name}：列索引超出范围 0..{value}</translation>
    </message>
    <message>
        <source>{name}: non-finite values</source>
        <translation>{name}：含有非有限值</translation>
    </message>
    <message>
        <source>{name}: dtype {dtype} (expected kind {kinds})</source>
        <translation>{name}：数据类型为 {dtype}（应为 {kinds} 类）</translation>
    </message>
    <message>
        <source>{name}: shape {shape}, expected {shape2}</source>
        <translation>{name}：形状为 {shape}，应为 {shape2}</translation>
    </message>
    <message>
        <source>{name}: index out of range 0..{value}</source>
        <translation>{name}：索引超出范围 0..{value}</translation>
    </message>
    <message>
        <source>fitted.fitted_version must be a whole number</source>
        <translation>fitted.fitted_version 必须是整数</translation>
    </message>
    <message>
        <source>manifest.json is nested too deeply</source>
        <translation>manifest.json 的嵌套太深</translation>
    </message>
    <message>
        <source>not a RecLab model file or corrupt (manifest: {exc})</source>
        <translation>不是 RecLab 模型文件或已损坏（清单：{exc}）</translation>
    </message>
    <message>
        <source>arrays.npz is not a readable archive ({exc})</source>
        <translation>arrays.npz 不是可读的压缩包（{exc}）</translation>
    </message>
    <message>
        <source>array {key} has a bad header ({exc})</source>
        <translation>数组 {key} 的文件头有误（{exc}）</translation>
    </message>
    <message>
        <source>{name}: {part} must be a 1-D integer array</source>
        <translation>{name}：{part} 必须是一维整数数组</translation>
    </message>
    <message>
        <source>{name}: indices not sorted or repeated within a row</source>
        <translation>{name}：同一行内的索引未排序或有重复</translation>
    </message>
    <message>
        <source>{name}: missing part {args}</source>
        <translation>{name}：缺少部分 {args}</translation>
    </message>
    <message>
        <source>manifest field {key} missing or not a {name}</source>
        <translation>清单字段 {key} 缺失或不是 {name}</translation>
    </message>
    <message>
        <source>{key}: {ids} ids (the limit is {max_ids})</source>
        <translation>{key}：有 {ids} 个 ID（上限为 {max_ids}）</translation>
    </message>
    <message>
        <source>{key}: every id must be a string</source>
        <translation>{key}：每个 ID 都必须是字符串</translation>
    </message>
    <message>
        <source>{key}: repeated ids</source>
        <translation>{key}：ID 重复</translation>
    </message>
    <message>
        <source>fitted.{key} is {fitted} but the file lists {want} ids</source>
        <translation>fitted.{key} 为 {fitted}，但文件中列出了 {want} 个 ID</translation>
    </message>
    <message>
        <source>config field {key} holds a {name}</source>
        <translation>配置字段 {key} 的值是 {name}</translation>
    </message>
    <message>
        <source>saved array {name} is of unknown kind {kind}</source>
        <translation>保存的数组 {name} 属于未知的类型 {kind}</translation>
    </message>
    <message>
        <source>not a RecLab model file or corrupt ({exc})</source>
        <translation>不是 RecLab 模型文件或已损坏（{exc}）</translation>
    </message>
    <message>
        <source>unexpected member {filename} in arrays.npz</source>
        <translation>arrays.npz 中有意外的成员 {filename}</translation>
    </message>
    <message>
        <source>unknown .npy version {version}</source>
        <translation>未知的 .npy 版本 {version}</translation>
    </message>
    <message>
        <source>config field {field} must hold positive whole numbers</source>
        <translation>配置字段 {field} 必须是正整数</translation>
    </message>
    <message>
        <source>{field} = {v} does not match the stored weights (their sizes: {dims})</source>
        <translation>{field} = {v} 与保存的权重不符（权重的大小：{dims}）</translation>
    </message>
    <message>
        <source>array {key} cannot be read ({exc})</source>
        <translation>无法读取数组 {key}（{exc}）</translation>
    </message>
    <message>
        <source>unknown model {name}; choose one of {join}</source>
        <translation>未知模型 {name}；可选：{join}</translation>
    </message>
    <message>
        <source>ALS diverged at iteration {it}; raise l2 and retrain</source>
        <translation>ALS 在第 {it} 次迭代时发散；请增大 l2 后重新训练</translation>
    </message>
    <message>
        <source>{value} cannot be saved</source>
        <translation>{value} 无法保存</translation>
    </message>
    <message>
        <source>{value} cannot be loaded</source>
        <translation>{value} 无法加载</translation>
    </message>
    <message>
        <source>cannot fit on an empty table</source>
        <translation>无法在空表格上训练</translation>
    </message>
    <message>
        <source>the model is not trained yet</source>
        <translation>模型还没有训练</translation>
    </message>
    <message>
        <source>user {user} was not in the training data; {name} must be retrained</source>
        <translation>用户 {user} 不在训练数据中；{name} 需要重新训练</translation>
    </message>
    <message>
        <source>{name}.score_rows returned shape {shape}, expected {expected}</source>
        <translation>{name}.score_rows 返回的形状为 {shape}，应为 {expected}</translation>
    </message>
    <message>
        <source>give either a config or keyword parameters, not both</source>
        <translation>请给出配置或关键字参数之一，不能同时给出</translation>
    </message>
    <message>
        <source>genre_weight, tag_weight, title_weight: at least one must be &gt; 0</source>
        <translation>genre_weight、tag_weight、title_weight：至少有一个必须 &gt; 0</translation>
    </message>
    <message>
        <source>the content-based model needs item features (genres, tags or titles) and this table has none: load an item file (File ▸ Load item features…, or --items FILE on the command line)</source>
        <translation>基于内容的模型需要物品特征（类型、标签或标题），而这张表格没有：请加载物品文件（文件 ▸ 加载物品特征…，或在命令行中使用 --items FILE）</translation>
    </message>
    <message>
        <source>EASE needs a dense {n} × {n} item matrix and its inverse: about {need} GB, above the limit of {limit} GB. Use item-kNN or ALS for a catalogue this wide, or raise max_memory_gb if the machine has the memory.</source>
        <translation>EASE 需要一个稠密的 {n} × {n} 物品矩阵及其逆矩阵：约 {need} GB，超过了 {limit} GB 的上限。物品这么多时请使用 item-kNN 或 ALS；如果机器内存足够，也可以调高 max_memory_gb。</translation>
    </message>
    <message>
        <source>EASE: stopped before the inverse was done; nothing to keep</source>
        <translation>EASE：在逆矩阵算完之前就已停止；没有可保留的模型</translation>
    </message>
    <message>
        <source>{name} has shape {shape}, expected ({n},)</source>
        <translation>{name} 的形状为 {shape}，应为 ({n},)</translation>
    </message>
    <message>
        <source>pearson similarity needs explicit ratings; use cosine or jaccard</source>
        <translation>pearson 相似度需要显式评分；请使用 cosine 或 jaccard</translation>
    </message>
    <message>
        <source>similarity_matrix has shape {shape}, expected {value}</source>
        <translation>similarity_matrix 的形状为 {shape}，应为 {value}</translation>
    </message>
    <message>
        <source>user-kNN: stopped while indexing users; nothing to keep</source>
        <translation>基于用户的 k 近邻：在建立用户索引时已停止，没有可保留的结果</translation>
    </message>
    <message>
        <source>recency weights do not match the training matrix</source>
        <translation>时间权重与训练矩阵不匹配</translation>
    </message>
    <message>
        <source>the saved weights lack {join}</source>
        <translation>保存的权重缺少 {join}</translation>
    </message>
    <message>
        <source>Caser reads the order of each user&apos;s items and this table has no timestamps; it will not train on an arbitrary order. Use a model that ignores order (EASE, ALS, kNN, MLP), or load data with a timestamp column.</source>
        <translation>Caser 要读取每个用户物品的先后顺序，而这张表格没有时间戳；它不会在任意的顺序上训练。请使用不考虑顺序的模型（EASE、ALS、kNN、MLP），或加载带有时间戳列的数据。</translation>
    </message>
    <message>
        <source>no user has two or more items: Caser has no sequence to learn</source>
        <translation>没有用户拥有两个或更多物品：Caser 没有可学习的序列</translation>
    </message>
    <message>
        <source>Caser scores only users it was trained on (it has no embedding for a new user); retrain it to include them</source>
        <translation>Caser 只能为训练时见过的用户打分（新用户没有嵌入）；请重新训练以包含他们</translation>
    </message>
    <message>
        <source>no user has an interaction to train on</source>
        <translation>没有用户有可用于训练的交互</translation>
    </message>
    <message>
        <source>NeuMF scores only users it was trained on (it has no embedding for a new user); retrain it to include them</source>
        <translation>NeuMF 只能为训练时见过的用户打分（新用户没有嵌入）；请重新训练以包含他们</translation>
    </message>
    <message>
        <source>no chosen user has an interaction to train on</source>
        <translation>选中的用户都没有可用于训练的交互</translation>
    </message>
    <message>
        <source>unknown precision {precision}</source>
        <translation>未知的数值精度 {precision}</translation>
    </message>
    <message>
        <source>epochs must be at least 1</source>
        <translation>轮数至少为 1</translation>
    </message>
    <message>
        <source>{name}: stopped before training began; nothing to keep</source>
        <translation>{name}：在训练开始前就已停止；没有可保留的模型</translation>
    </message>
    <message>
        <source>{name} produced non-finite scores; retrain it</source>
        <translation>{name} 产生了非有限的得分；请重新训练</translation>
    </message>
    <message>
        <source>{name} training diverged: the loss became {loss} at epoch {epoch}, batch {b}; lower the learning rate or raise L2, then retrain</source>
        <translation>{name} 训练发散：在第 {epoch} 轮第 {b} 批时损失变为 {loss}；请降低学习率或增大 L2 正则化，然后重新训练</translation>
    </message>
    <message>
        <source>{name} {diverged}; no epoch finished before it, so there are no weights to keep; retrain</source>
        <translation>{name} {diverged}；在此之前没有完成任何一轮，因此没有可保留的权重；请重新训练</translation>
    </message>
    <message>
        <source>must be a whole number, got {value}</source>
        <translation>必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <source>must be a non-empty list of whole numbers, got {value}</source>
        <translation>必须是非空的整数列表，实际为 {value}</translation>
    </message>
    <message>
        <source>must be whole numbers, got {v}</source>
        <translation>必须是整数，实际为 {v}</translation>
    </message>
    <message>
        <source>must be a number, got {value}</source>
        <translation>必须是数字，实际为 {value}</translation>
    </message>
    <message>
        <source>must be a finite number, got {value}</source>
        <translation>必须是有限的数，实际为 {value}</translation>
    </message>
    <message>
        <source>{describe_range}, got {value}</source>
        <translation>{describe_range}，实际为 {value}</translation>
    </message>
    <message>
        <source>must be one of {options}, got {value}</source>
        <translation>必须是 {options} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>{label}: slider=True needs the range [0, 1]</source>
        <translation>{label}：slider=True 要求取值范围为 [0, 1]</translation>
    </message>
    <message>
        <source>{name}.{name2} is not declared with param(...)</source>
        <translation>{name}.{name2} 没有用 param(...) 声明</translation>
    </message>
    <message>
        <source>side must be &apos;items&apos; or &apos;users&apos;, got {side}</source>
        <translation>side 必须是 &apos;items&apos; 或 &apos;users&apos;，实际为 {side}</translation>
    </message>
    <message>
        <source>user {user} is not in the model&apos;s training data</source>
        <translation>用户 {user} 不在模型的训练数据中</translation>
    </message>
    <message>
        <source>item {item} is not in the model&apos;s training data</source>
        <translation>物品 {item} 不在模型的训练数据中</translation>
    </message>
    <message>
        <source>unknown neighbourhood {neighbourhood}; choose one of {neighbourhoods}</source>
        <translation>未知的近邻规则 {neighbourhood}；可选：{neighbourhoods}</translation>
    </message>
    <message>
        <source>{neighbourhood} neighbourhoods need the references&apos; thresholds</source>
        <translation>{neighbourhood} 近邻规则需要参照行的阈值</translation>
    </message>
    <message>
        <source>unknown similarity {similarity}; choose one of {similarities}</source>
        <translation>未知的相似度 {similarity}；可选：{similarities}</translation>
    </message>
    <message>
        <source>expected a square float64 matrix, got {shape} {dtype}</source>
        <translation>需要 float64 方阵，得到的是 {shape} {dtype}</translation>
    </message>
    <message>
        <source>the Cholesky factor is singular ({name} info {value})</source>
        <translation>Cholesky 因子是奇异的（{name} info {value}）</translation>
    </message>
    <message>
        <source>LAPACK {name} rejected argument {value}</source>
        <translation>LAPACK {name} 拒绝了第 {value} 个参数</translation>
    </message>
    <message>
        <source>only a trained model can be saved</source>
        <translation>只有训练好的模型才能保存</translation>
    </message>
    <message>
        <source>scores have shape {shape}</source>
        <translation>得分的形状为 {shape}</translation>
    </message>
    <message>
        <source>not a RecLab model file (wrong format marker)</source>
        <translation>不是 RecLab 模型文件（格式标记不对）</translation>
    </message>
    <message>
        <source>model file format version {version} was written by an older RecLab, which saved models differently; this RecLab reads version {format_version}: retrain the model and save it again</source>
        <translation>模型文件格式版本 {version} 由旧版 RecLab 写入，旧版保存模型的方式不同；本版 RecLab 读取版本 {format_version}：请重新训练模型并再次保存</translation>
    </message>
    <message>
        <source>model file format version {version} is not supported (this RecLab reads version {format_version})</source>
        <translation>不支持模型文件格式版本 {version}（本版 RecLab 读取版本 {format_version}）</translation>
    </message>
    <message>
        <source>the model is inconsistent ({name}: {exc})</source>
        <translation>模型内部不一致（{name}：{exc}）</translation>
    </message>
    <message>
        <source>{name} declared {name2}, which is not a numeric array</source>
        <translation>{name} 声明了 {name2}，但它不是数值数组</translation>
    </message>
    <message>
        <source>saved array {name} is missing or of unknown kind {kind}</source>
        <translation>保存的数组 {name} 缺失或属于未知的类型 {kind}</translation>
    </message>
    <message>
        <source>unknown sample {name}; choose one of {join}</source>
        <translation>未知的示例数据 {name}；可选：{join}</translation>
    </message>
    <message>
        <source>need at least one user and one item</source>
        <translation>至少需要一个用户和一个物品</translation>
    </message>
    <message>
        <source>{user_ids} user ids for {n_users} users</source>
        <translation>{n_users} 个用户却有 {user_ids} 个用户 ID</translation>
    </message>
    <message>
        <source>size must be &apos;small&apos; or &apos;medium&apos;, got {size}</source>
        <translation>size 必须是 &apos;small&apos; 或 &apos;medium&apos;，实际为 {size}</translation>
    </message>
    <message>
        <source>axis must be &apos;users&apos; or &apos;items&apos;, got {axis}</source>
        <translation>axis 必须是 &apos;users&apos; 或 &apos;items&apos;，实际为 {axis}</translation>
    </message>
    <message>
        <source>max_n must be at least 1, got {max_n}</source>
        <translation>max_n 至少为 1，实际为 {max_n}</translation>
    </message>
    <message>
        <source>train on % of users: must be between {min_fraction} and 100%, got {fraction}</source>
        <translation>用于训练的用户比例：必须在 {min_fraction} 到 100% 之间，实际为 {fraction}</translation>
    </message>
    <message>
        <source>{model} has no parameter {name}</source>
        <translation>{model} 没有参数 {name}</translation>
    </message>
    <message>
        <source>cannot write {name} as JSON</source>
        <translation>无法将 {name} 写成 JSON</translation>
    </message>
    <message>
        <source>sweep one or two parameters</source>
        <translation>请扫描一个或两个参数</translation>
    </message>
    <message>
        <source>the two swept parameters must differ</source>
        <translation>扫描的两个参数必须不同</translation>
    </message>
    <message>
        <source>{user_fraction}: must be between 0.1 and 1, got {fraction}</source>
        <translation>{user_fraction}：必须在 0.1 到 1 之间，实际为 {fraction}</translation>
    </message>
    <message>
        <source>--param {text}: expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS[:log]</source>
        <translation>--param {text}：应为 NAME=V1,V2,... 或 NAME=LOW:HIGH:STEPS[:log]</translation>
    </message>
    <message>
        <source>{model} has no parameter {name}; choose from {join}</source>
        <translation>{model} 没有参数 {name}；可选：{join}</translation>
    </message>
    <message>
        <source>{name}: give at least one value</source>
        <translation>{name}：请至少给出一个取值</translation>
    </message>
    <message>
        <source>random search needs a budget of at least 1 setting</source>
        <translation>随机搜索至少需要尝试 1 组设置</translation>
    </message>
    <message>
        <source>{model} with {combo}: {exc}</source>
        <translation>{model}（{combo}）：{exc}</translation>
    </message>
    <message>
        <source>{name}: {value} is not a valid {getattr}</source>
        <translation>{name}：{value} 不是有效的 {getattr}</translation>
    </message>
    <message>
        <source>--param {text}: a range is LOW:HIGH:STEPS, optionally :log</source>
        <translation>--param {text}：范围的写法是 LOW:HIGH:STEPS，可选加 :log</translation>
    </message>
    <message>
        <source>{name}: a range needs low, high and at least 1 step</source>
        <translation>{name}：范围需要下限、上限和至少 1 步</translation>
    </message>
    <message>
        <source>{name}: a log range needs positive ends</source>
        <translation>{name}：对数范围的两端必须为正数</translation>
    </message>
    <message>
        <source>--param {text}: LOW and HIGH must be numbers, STEPS a whole number</source>
        <translation>--param {text}：LOW 和 HIGH 必须是数字，STEPS 必须是整数</translation>
    </message>
    <message>
        <source>unknown shape {name}; choose one of {join}</source>
        <translation>未知的数据形态 {name}；可选：{join}</translation>
    </message>
    <message>
        <source>need at least one user and two items</source>
        <translation>至少需要一个用户和两个物品</translation>
    </message>
    <message>
        <source>must be {low} and {high}</source>
        <translation>必须 {low} 且 {high}</translation>
    </message>
    <message>
        <source>must be {bound}</source>
        <translation>必须 {bound}</translation>
    </message>
    <message>
        <source>titles not loaded: {exc}</source>
        <translation>标题未加载：{exc}</translation>
    </message>
    <message>
        <source>training diverged at epoch {epoch}, batch {b}: the loss {loss} is over {factor} times the first batch&apos;s {reference}; lower the learning rate</source>
        <translation>训练在第 {epoch} 轮第 {b} 批时发散：损失 {loss} 超过了第一批 {reference} 的 {factor} 倍；请降低学习率</translation>
    </message>
</context>
<context>
    <name>Coverage</name>
    <message>
        <source>{n} user(s) the model was not trained on (retrain to recommend for them)</source>
        <translation>{n} 个用户不在模型的训练数据中（需要重新训练才能为他们推荐）</translation>
    </message>
    <message>
        <source>{n} user(s) the model was not trained on</source>
        <translation>{n} 个用户不在模型的训练数据中</translation>
    </message>
    <message>
        <source>{n} item(s) it cannot recommend (not in its training data)</source>
        <translation>{n} 个物品无法推荐（不在训练数据中）</translation>
    </message>
</context>
<context>
    <name>DataError</name>
    <message>
        <source>{path}, line {line}: {problem}</source>
        <translation>{path}，第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>{path}: {problem}</source>
        <translation>{path}：{problem}</translation>
    </message>
</context>
<context>
    <name>DataTab</name>
    <message>
        <source>Edit refused: {msg}</source>
        <translation>编辑被拒绝：{msg}</translation>
    </message>
    <message>
        <source>Rating outside the scale</source>
        <translation>评分超出范围</translation>
    </message>
    <message>
        <source>The ratings in this table go from {low} to {high}. Add {value} anyway, widening the scale?</source>
        <translation>这个表格中的评分范围是 {low} 到 {high}。仍要添加 {value} 并扩大评分范围吗？</translation>
    </message>
    <message>
        <source>Add &amp;User…</source>
        <translation>添加用户(&amp;U)…</translation>
    </message>
    <message>
        <source>Add an empty row for a new user</source>
        <translation>为新用户添加一个空行</translation>
    </message>
    <message>
        <source>Rename User…</source>
        <translation>重命名用户…</translation>
    </message>
    <message>
        <source>Change the id of the selected user</source>
        <translation>修改所选用户的 ID</translation>
    </message>
    <message>
        <source>Remove User</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <source>Delete the selected user&apos;s row (undoable)</source>
        <translation>删除所选用户的行（可撤销）</translation>
    </message>
    <message>
        <source>Add &amp;Item…</source>
        <translation>添加物品(&amp;I)…</translation>
    </message>
    <message>
        <source>Add an empty column for a new item</source>
        <translation>为新物品添加一个空列</translation>
    </message>
    <message>
        <source>Rename Item…</source>
        <translation>重命名物品…</translation>
    </message>
    <message>
        <source>Change the id of the selected item</source>
        <translation>修改所选物品的 ID</translation>
    </message>
    <message>
        <source>Remove Item</source>
        <translation>删除物品</translation>
    </message>
    <message>
        <source>Delete the selected item&apos;s column (undoable)</source>
        <translation>删除所选物品的列（可撤销）</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a user or an item</source>
        <translation>查找用户或物品</translation>
    </message>
    <message>
        <source>Find a user id or an item (id or title)…  Enter = next</source>
        <translation>查找用户 ID 或物品（ID 或标题）…  回车 = 下一个</translation>
    </message>
    <message>
        <source>Type a user id or part of an item&apos;s title; the table jumps to it. Press Enter for the next match.</source>
        <translation>输入用户 ID 或物品标题的一部分，表格会跳转到那里。按回车跳到下一个匹配项。</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>New user id:</source>
        <translation>新用户 ID：</translation>
    </message>
    <message>
        <source>Add user {user}</source>
        <translation>添加用户 {user}</translation>
    </message>
    <message>
        <source>Select a cell of the user to rename first.</source>
        <translation>请先选中要重命名的用户的一个单元格。</translation>
    </message>
    <message>
        <source>Rename user</source>
        <translation>重命名用户</translation>
    </message>
    <message>
        <source>New id for user {old}:</source>
        <translation>用户 {old} 的新 ID：</translation>
    </message>
    <message>
        <source>Rename user {old} → {new}</source>
        <translation>重命名用户 {old} → {new}</translation>
    </message>
    <message>
        <source>Select a cell of the user to remove first.</source>
        <translation>请先选中要删除的用户的一个单元格。</translation>
    </message>
    <message>
        <source>Remove user {user}</source>
        <translation>删除用户 {user}</translation>
    </message>
    <message>
        <source>Removed user {user} — Ctrl+Z brings it back.</source>
        <translation>已删除用户 {user}——按 Ctrl+Z 可以恢复。</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加物品</translation>
    </message>
    <message>
        <source>New item id:</source>
        <translation>新物品 ID：</translation>
    </message>
    <message>
        <source>Add item {item}</source>
        <translation>添加物品 {item}</translation>
    </message>
    <message>
        <source>Select a cell of the item to rename first.</source>
        <translation>请先选中要重命名的物品的一个单元格。</translation>
    </message>
    <message>
        <source>Rename item</source>
        <translation>重命名物品</translation>
    </message>
    <message>
        <source>New id for item {old}:</source>
        <translation>物品 {old} 的新 ID：</translation>
    </message>
    <message>
        <source>Rename item {old} → {new}</source>
        <translation>重命名物品 {old} → {new}</translation>
    </message>
    <message>
        <source>Select a cell of the item to remove first.</source>
        <translation>请先选中要删除的物品的一个单元格。</translation>
    </message>
    <message>
        <source>Remove item {item}</source>
        <translation>删除物品 {item}</translation>
    </message>
    <message>
        <source>Removed item {item} — Ctrl+Z brings it back.</source>
        <translation>已删除物品 {item}——按 Ctrl+Z 可以恢复。</translation>
    </message>
    <message>
        <source>Mark {user} × {item}</source>
        <translation>标记 {user} × {item}</translation>
    </message>
    <message>
        <source>Clear cell</source>
        <translation>清除单元格</translation>
    </message>
    <message>
        <source>Rename user {user}…</source>
        <translation>重命名用户 {user}…</translation>
    </message>
    <message>
        <source>Rename item…</source>
        <translation>重命名物品…</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>user {user}</source>
        <translation>用户 {user}</translation>
    </message>
    <message>
        <source>Explicit ratings: select a cell and type a rating; Delete clears it. Right-click for more.</source>
        <translation>显式评分：选中单元格并输入评分；按 Delete 清除。右键查看更多操作。</translation>
    </message>
    <message>
        <source>Implicit interactions: click a cell (or press Space) to add or remove one. Right-click for more.</source>
        <translation>隐式交互：单击单元格（或按空格键）添加或删除一次交互。右键查看更多操作。</translation>
    </message>
</context>
<context>
    <name>EvaluationPanel</name>
    <message>
        <source>How the table is split into training and test parts.</source>
        <translation>如何把表格划分为训练集和测试集。</translation>
    </message>
    <message>
        <source>Share of each user&apos;s interactions held out for testing.</source>
        <translation>每个用户留作测试的交互比例。</translation>
    </message>
    <message>
        <source>Length of the recommendation list that is scored (metrics @K).</source>
        <translation>参与评分的推荐列表长度（指标 @K）。</translation>
    </message>
    <message>
        <source>Sampled ({n} negatives)</source>
        <translation>抽样（{n} 个负样本）</translation>
    </message>
    <message>
        <source>Rank each held-out item among {n} random unseen items instead of all items (the NCF paper&apos;s protocol; optimistic).</source>
        <translation>把每个留出的物品与 {n} 个随机抽取的未交互物品一起排序，而不是与全部物品排序（NCF 论文的协议；结果偏乐观）。</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Split, train the model chosen in the left column on the training part, score the test part ({keys}).</source>
        <translation>划分数据，用训练集训练左栏所选的模型，再在测试集上评分（{keys}）。</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Stop e&amp;valuation</source>
        <translation>停止评估(&amp;V)</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the comparison table as a CSV file.</source>
        <translation>把对比表保存为 CSV 文件。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop this evaluation only and keep the metrics of the users scored so far (Ctrl+Shift+E).</source>
        <translation>只停止本次评估，并保留已评分用户的指标（Ctrl+Shift+E）。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Forget the results of this session.</source>
        <translation>清除本次会话的结果。</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>HR@K and NDCG@K per evaluation</source>
        <translation>每次评估的 HR@K 和 NDCG@K</translation>
    </message>
    <message>
        <source>HR@K and NDCG@K</source>
        <translation>HR@K 和 NDCG@K</translation>
    </message>
    <message>
        <source>Beyond accuracy and long tail</source>
        <translation>准确率之外与长尾</translation>
    </message>
    <message>
        <source>Coverage, novelty, diversity, popularity bias, results per user and item group, and the long-tail plot</source>
        <translation>覆盖率、新颖度、多样性、流行度偏差、按用户和物品分组的结果，以及长尾图</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Choose a model in the left column first.</source>
        <translation>请先在左栏中选择一个模型。</translation>
    </message>
    <message>
        <source>Nothing to evaluate: the table is empty.</source>
        <translation>没有可评估的内容：表格是空的。</translation>
    </message>
    <message>
        <source>Splitting…</source>
        <translation>正在划分…</translation>
    </message>
    <message>
        <source>Evaluating {name}…</source>
        <translation>正在评估 {name}…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Model: none chosen yet</source>
        <translation>模型：尚未选择</translation>
    </message>
    <message>
        <source>Model: {name} ({settings})</source>
        <translation>模型：{name}（{settings}）</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Evaluation of {name} failed: {error}</source>
        <translation>{name} 的评估失败：{error}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Evaluation of {name} stopped before any user was scored.</source>
        <translation>{name} 的评估在为任何用户评分之前就停止了。</translation>
    </message>
    <message>
        <source>Stopped — partial</source>
        <translation>已停止（部分结果）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Evaluated {name}: HR@{k} {hr}, NDCG@{k} {ndcg} ({seconds} s)</source>
        <translation>已评估 {name}：HR@{k} {hr}，NDCG@{k} {ndcg}（{seconds} 秒）</translation>
    </message>
    <message>
        <source>(partial)</source>
        <translation>（部分）</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>full</source>
        <translation>全量排序</translation>
    </message>
    <message>
        <source>sampled-{n}</source>
        <translation>抽样 {n}</translation>
    </message>
    <message>
        <source>Nothing to export: evaluate a model first.</source>
        <translation>没有可导出的内容：请先评估一个模型。</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>导出对比结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved the comparison ({rows} rows) to {path}</source>
        <translation>已将对比结果（{rows} 行）保存到 {path}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>Explanation</name>
    <message>
        <source>because similar users {names} liked it</source>
        <translation>因为相似的用户 {names} 喜欢它</translation>
    </message>
    <message>
        <source>because you liked {names}</source>
        <translation>因为你喜欢 {names}</translation>
    </message>
    <message>
        <source>popular with {n} users</source>
        <translation>很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>popular with {n} user</source>
        <translation>很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>no similar users — popular with {n} users</source>
        <translation>没有相似的用户——很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>no similar items — popular with {n} users</source>
        <translation>没有相似的物品——很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>no similar users — popular with {n} user</source>
        <translation>没有相似的用户——很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>no similar items — popular with {n} user</source>
        <translation>没有相似的物品——很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>You have no items yet; this is a popular choice.</source>
        <translation>你还没有任何物品；这是一个热门选择。</translation>
    </message>
    <message>
        <source>No single item of yours stands out for this one.</source>
        <translation>你的物品中没有哪一个对它特别起作用。</translation>
    </message>
    <message>
        <source>Mostly because you have {names}.</source>
        <translation>主要因为你有 {names}。</translation>
    </message>
    <message>
        <source>You have no items yet to compare it with.</source>
        <translation>你还没有可以与它比较的物品。</translation>
    </message>
    <message>
        <source>Close, in what the model learned, to {names}.</source>
        <translation>在模型学到的表示中，它与 {names} 接近。</translation>
    </message>
    <message>
        <source>you have no items yet; popular with {n} users</source>
        <translation>你还没有任何物品；很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>close, in the learned factors, to {names}</source>
        <translation>在学到的隐因子中，它与 {names} 接近</translation>
    </message>
    <message>
        <source>none of your items points to it; popular with {n} users</source>
        <translation>你的物品都没有指向它；很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>because you like {features}</source>
        <translation>因为你喜欢 {features}</translation>
    </message>
    <message>
        <source>it has no genres, tags or title words to compare; popular with {n} users</source>
        <translation>它没有可比较的类型、标签或标题词；很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>none of its features are among those of your items; popular with {n} users</source>
        <translation>它的特征都不在你的物品的特征之中；很热门：有 {n} 个用户喜欢</translation>
    </message>
    <message>
        <source>You have no items yet to follow on from.</source>
        <translation>你还没有任何物品可供接续。</translation>
    </message>
    <message>
        <source>after {names}</source>
        <translation>接在 {names} 之后</translation>
    </message>
    <message>
        <source> (tags)</source>
        <translation>（标签）</translation>
    </message>
    <message>
        <source> (title)</source>
        <translation>（标题）</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a ratings file: CSV/TSV, MovieLens u.data/ratings.dat, a zip, or RecLab JSON</source>
        <translation>打开评分文件：CSV/TSV、MovieLens 的 u.data/ratings.dat、zip 压缩包或 RecLab JSON</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open a dataset folder, e.g. an unpacked MovieLens download (ml-100k)</source>
        <translation>打开数据集文件夹，例如解压后的 MovieLens（ml-100k）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the table as CSV (user,item,value,timestamp)</source>
        <translation>把表格保存为 CSV（user,item,value,timestamp）</translation>
    </message>
    <message>
        <source>Save &amp;As / Export CSV…</source>
        <translation>另存为 / 导出 CSV(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the table to a new CSV file</source>
        <translation>把表格保存到新的 CSV 文件</translation>
    </message>
    <message>
        <source>Load Item &amp;Features…</source>
        <translation>加载物品特征(&amp;F)…</translation>
    </message>
    <message>
        <source>Add genres, titles or tags to the table&apos;s items from a CSV (item,title,genres or item,tag), for the content-based and hybrid models</source>
        <translation>从 CSV（item,title,genres 或 item,tag）为表格中的物品添加类型、标题或标签，供基于内容的模型和混合模型使用</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>示例(&amp;S)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Open ratings</source>
        <translation>打开评分数据</translation>
    </message>
    <message>
        <source>Load item features</source>
        <translation>加载物品特征</translation>
    </message>
    <message>
        <source>Item features (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>物品特征 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not load item features</source>
        <translation>无法加载物品特征</translation>
    </message>
    <message>
        <source>Item features from {name} for {matched} of {items} items.</source>
        <translation>已从 {name} 为 {items} 个物品中的 {matched} 个加载物品特征。</translation>
    </message>
    <message>
        <source>Retrain {model} to use them.</source>
        <translation>重新训练 {model} 才能用上它们。</translation>
    </message>
    <message>
        <source>Open dataset folder</source>
        <translation>打开数据集文件夹</translation>
    </message>
    <message>
        <source>Still loading {name}…</source>
        <translation>仍在加载 {name}…</translation>
    </message>
    <message>
        <source>{name} could not be read.</source>
        <translation>无法读取 {name}。</translation>
    </message>
    <message>
        <source>Could not open {name}</source>
        <translation>无法打开 {name}</translation>
    </message>
    <message>
        <source>Could not open {name}; the table is unchanged.</source>
        <translation>无法打开 {name}；表格未改变。</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>{message}

The current table has not been changed.</source>
        <translation>{message}

当前表格没有被修改。</translation>
    </message>
    <message>
        <source>Save table as CSV</source>
        <translation>把表格保存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>user {id}</source>
        <translation>用户 {id}</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 等另外 {n} 个</translation>
    </message>
    <message>
        <source>Save without some users and items?</source>
        <translation>保存时不包含部分用户和物品？</translation>
    </message>
    <message>
        <source>{users} user(s) and {items} item(s) have no interactions yet, and a CSV file holds only interactions (one per row), so {file} will not contain them: {names}. They stay in the open table. Save anyway?</source>
        <translation>{users} 个用户和 {items} 个物品还没有任何交互，而 CSV 文件只保存交互（每行一条），所以 {file} 中不会包含它们：{names}。它们仍保留在当前打开的表格中。仍要保存吗？</translation>
    </message>
    <message>
        <source>Unsaved edits</source>
        <translation>未保存的编辑</translation>
    </message>
    <message>
        <source>The table has edits that are not saved. Save them first?</source>
        <translation>表格有尚未保存的编辑。要先保存吗？</translation>
    </message>
</context>
<context>
    <name>FileLoader</name>
    <message>
        <source>Not enough memory to load {name}. Try a smaller file or close other programs.</source>
        <translation>内存不足，无法加载 {name}。请换一个较小的文件，或关闭其他程序。</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{name} could not be read: {error}</source>
        <translation>无法读取 {name}：{error}</translation>
    </message>
</context>
<context>
    <name>FractionKnob</name>
    <message>
        <source> % of users</source>
        <translation> % 的用户</translation>
    </message>
    <message>
        <source>Learn from a seeded share of the users only (every model; validation and evaluation still use every user): the less data, the more a large network overfits.</source>
        <translation>只用按随机种子选出的一部分用户来学习（对所有模型有效；验证和评估仍然使用所有用户）：数据越少，大网络就越容易过拟合。</translation>
    </message>
    <message>
        <source>Train on</source>
        <translation>训练使用</translation>
    </message>
</context>
<context>
    <name>IdDialog</name>
    <message>
        <source>optional, shown in the table header</source>
        <translation>可选，显示在表头中</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>optional, such as Sci-Fi | Comedy</source>
        <translation>可选，例如 Sci-Fi | Comedy</translation>
    </message>
    <message>
        <source>Genres separated by | or commas. A new item has no interactions yet, so only the content-based and hybrid models can recommend it, from its genres.</source>
        <translation>类型之间用 | 或逗号分隔。新物品还没有任何交互，因此只有基于内容的模型和混合模型能根据它的类型推荐它（冷启动）。</translation>
    </message>
    <message>
        <source>Genres:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>“{text}” is already taken.</source>
        <translation>“{text}”已被占用。</translation>
    </message>
</context>
<context>
    <name>InteractionTableModel</name>
    <message>
        <source>User {user} — right-click to rename or remove</source>
        <translation>用户 {user}——右键可重命名或删除</translation>
    </message>
    <message>
        <source>Item {item}</source>
        <translation>物品 {item}</translation>
    </message>
    <message>
        <source>id {item}</source>
        <translation>ID {item}</translation>
    </message>
    <message>
        <source>{value} is outside this table&apos;s rating scale ({low}–{high})</source>
        <translation>{value} 超出了这个表格的评分范围（{low}–{high}）</translation>
    </message>
    <message>
        <source>Clear {user} × {item}</source>
        <translation>清除 {user} × {item}</translation>
    </message>
    <message>
        <source>Rate {item} {value} for {user}</source>
        <translation>{user} 给 {item} 打 {value} 分</translation>
    </message>
    <message>
        <source>Mark {user} × {item}</source>
        <translation>标记 {user} × {item}</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>rated {value}</source>
        <translation>评分 {value}</translation>
    </message>
    <message>
        <source>type a rating, or Delete to clear</source>
        <translation>输入评分，或按 Delete 清除</translation>
    </message>
    <message>
        <source>no interaction</source>
        <translation>无交互</translation>
    </message>
    <message>
        <source>interacted</source>
        <translation>有交互</translation>
    </message>
    <message>
        <source>click or press Space to toggle</source>
        <translation>单击或按空格键切换</translation>
    </message>
    <message>
        <source>User {user} × {item}: {state}
({hint})</source>
        <translation>用户 {user} × {item}：{state}
（{hint}）</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>Follow the language of the operating system</source>
        <translation>使用操作系统的语言</translation>
    </message>
</context>
<context>
    <name>LessonControls</name>
    <message>
        <source>This preset opens the {sample} sample; your unsaved edits to the current table would be lost. Continue?</source>
        <translation>这个预设会打开示例“{sample}”；当前表格中未保存的编辑将会丢失。要继续吗？</translation>
    </message>
</context>
<context>
    <name>LongTailPlot</name>
    <message>
        <source>popularity</source>
        <translation>热门程度</translation>
    </message>
    <message>
        <source>Long tail: items by training popularity (most popular left)</source>
        <translation>长尾：按训练集热门程度排列的物品（最热门的在左边）</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>被推荐次数</translation>
    </message>
    <message>
        <source>popularity rank (1 = most popular; log scale)</source>
        <translation>热门排名（1 = 最热门；对数刻度）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Undo the last edit of the table (Ctrl+Z)</source>
        <translation>撤销对表格的上一次编辑（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo the edit just undone (Ctrl+Shift+Z)</source>
        <translation>重做刚刚撤销的编辑（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Short &amp;guide</source>
        <translation>简明指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About RecLab…</source>
        <translation>关于 RecLab(&amp;A)…</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Load one of the built-in example datasets</source>
        <translation>加载一个内置的示例数据集</translation>
    </message>
    <message>
        <source>&amp;Undo {edit}</source>
        <translation>撤销 {edit}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {edit}</source>
        <translation>重做 {edit}(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>Opened {name}: {summary}</source>
        <translation>已打开 {name}：{summary}</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Loading {name}… {percent} %</source>
        <translation>正在加载 {name}… {percent}%</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{document}[*] — RecLab</source>
        <translation>{document}[*] — RecLab</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Genre</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Popularity (log count)</source>
        <translation>热门程度（对数计数）</translation>
    </message>
    <message>
        <source>User: history / recommended</source>
        <translation>用户：历史 / 推荐</translation>
    </message>
    <message>
        <source>Train a model, then draw its map.</source>
        <translation>先训练一个模型，再绘制它的地图。</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>未选择任何内容</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Show this user&apos;s history and top recommendations on the map</source>
        <translation>在地图上显示这个用户的历史和前几名推荐</translation>
    </message>
    <message>
        <source>Draw map</source>
        <translation>绘制地图</translation>
    </message>
    <message>
        <source>Project the current model&apos;s items (users) to 2-D</source>
        <translation>把当前模型的物品（用户）投影到二维平面</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Hover a point to name it; click to see its neighbours; Shift-drag to list the points in a box.</source>
        <translation>悬停在点上查看名称；单击查看它的近邻；按住 Shift 拖出方框可列出框内的点。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>着色</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Model changed: draw the map again to see what it learned.</source>
        <translation>模型已更换：请重新绘制地图，查看它学到了什么。</translation>
    </message>
    <message>
        <source>Train a model first: the map shows what the model learned.</source>
        <translation>请先训练一个模型：地图显示的是模型学到的内容。</translation>
    </message>
    <message>
        <source>Reading the model …</source>
        <translation>正在读取模型…</translation>
    </message>
    <message>
        <source>Stopping …</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Nearest to {label} under the model …</source>
        <translation>在模型中与 {label} 最接近的…</translation>
    </message>
    <message>
        <source>Nearest to {label} under the model</source>
        <translation>在模型中与 {label} 最接近的</translation>
    </message>
    <message>
        <source>Top {n} for {user}</source>
        <translation>{user} 的前 {n} 个推荐</translation>
    </message>
    <message>
        <source>{user} — {n} items</source>
        <translation>{user} — {n} 个物品</translation>
    </message>
    <message>
        <source>no genres</source>
        <translation>无类型</translation>
    </message>
    <message>
        <source>{title} ({item}) — {genres} — {n} users</source>
        <translation>{title}（{item}）— {genres} — {n} 个用户</translation>
    </message>
    <message>
        <source>Projecting {n} items ({method}) …</source>
        <translation>正在投影 {n} 个物品（{method}）…</translation>
    </message>
    <message>
        <source>Projecting {n} users ({method}) …</source>
        <translation>正在投影 {n} 个用户（{method}）…</translation>
    </message>
    <message>
        <source>Map ready in {seconds} s</source>
        <translation>地图已完成，用时 {seconds} 秒</translation>
    </message>
    <message>
        <source>Could not draw the map: {message}</source>
        <translation>无法绘制地图：{message}</translation>
    </message>
    <message>
        <source>{n} in the box (most popular first)</source>
        <translation>框内共 {n} 个（最热门的在前）</translation>
    </message>
</context>
<context>
    <name>ModelFiles</name>
    <message>
        <source>Save &amp;Model…</source>
        <translation>保存模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Save the trained model to a file (RecLab&apos;s versioned format).</source>
        <translation>把训练好的模型保存到文件（RecLab 的带版本格式）。</translation>
    </message>
    <message>
        <source>Open Mo&amp;del…</source>
        <translation>打开模型(&amp;D)…</translation>
    </message>
    <message>
        <source>Load a model saved by RecLab (GUI or command line).</source>
        <translation>加载由 RecLab（图形界面或命令行）保存的模型。</translation>
    </message>
    <message>
        <source>RecLab model (*.reclab);;All files (*)</source>
        <translation>RecLab 模型 (*.reclab);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Train a model first: there is nothing to save.</source>
        <translation>请先训练一个模型：目前没有可保存的内容。</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Saving the model to {name}…</source>
        <translation>正在把模型保存到 {name}…</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Could not open {name}</source>
        <translation>无法打开 {name}</translation>
    </message>
    <message>
        <source>Saved the model to {name}</source>
        <translation>已把模型保存到 {name}</translation>
    </message>
    <message>
        <source>Opened {model} model from {name}</source>
        <translation>已从 {name} 打开 {model} 模型</translation>
    </message>
</context>
<context>
    <name>ModelForm</name>
    <message>
        <source>defaults</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>The family of recommender to train.</source>
        <translation>要训练的推荐算法类别。</translation>
    </message>
    <message>
        <source>Which model of that family.</source>
        <translation>该类别中的哪个模型。</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Nothing to tune.</source>
        <translation>没有可调的参数。</translation>
    </message>
    <message>
        <source>Suggested for this table&apos;s shape (the default is {default}).</source>
        <translation>根据此表的形状建议（默认值为 {default}）。</translation>
    </message>
    <message>
        <source>This table has no timestamps, so it cannot be trained here: it reads the order of each user&apos;s items.</source>
        <translation>这个表格没有时间戳，因此无法在这里训练：该模型需要读取每个用户物品的先后顺序。</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{users} users × {items} items&lt;br&gt;{count} explicit ratings · {density} filled</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{users} 个用户 × {items} 个物品&lt;br&gt;{count} 条显式评分 · 填充率 {density}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{users} users × {items} items&lt;br&gt;{count} implicit interactions · {density} filled</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{users} 个用户 × {items} 个物品&lt;br&gt;{count} 条隐式交互 · 填充率 {density}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train the chosen model on the current table ({keys}).</source>
        <translation>在当前表格上训练所选模型（{keys}）。</translation>
    </message>
    <message>
        <source>&amp;Stop training</source>
        <translation>停止训练(&amp;S)</translation>
    </message>
    <message>
        <source>Stop this training after the current batch ({keys}); a neural model keeps its best epoch, any other model is discarded.</source>
        <translation>在当前批次结束后停止本次训练（{keys}）；神经网络模型会保留最好的一轮，其他模型则被丢弃。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>With validation, early stopping ends training once the validation metric has not improved for &apos;patience&apos; epochs: the time left then runs from that soonest end to the last planned epoch.</source>
        <translation>开启验证时，验证指标连续“早停耐心值”轮没有提升就会早停：剩余时间因此给出一个范围，从最早可能停止的时候到计划的最后一轮。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>No model trained yet.</source>
        <translation>尚未训练任何模型。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Compiling the training step…</source>
        <translation>正在编译训练步骤…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>{message}.</source>
        <translation>{message}。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{outcome}.
Settings: {settings}.</source>
        <translation>{outcome}。
设置：{settings}。</translation>
    </message>
</context>
<context>
    <name>Phrase</name>
    <message>
        <source>{model} cannot recommend {items}: nobody has interacted with them yet, and {model} learns only from interactions (cold start). The content-based and hybrid models can, from genres.</source>
        <translation>{model} 无法推荐 {items}：还没有人与它们交互过，而 {model} 只从交互中学习（冷启动）。基于内容的模型和混合模型可以根据类型推荐它们。</translation>
    </message>
    <message>
        <source>{shown} and {more} more</source>
        <translation>{shown} 等（另有 {more} 个）</translation>
    </message>
    <message>
        <source>{model} cannot recommend {items}: nobody has interacted with it yet, and {model} learns only from interactions (cold start). The content-based and hybrid models can, from genres.</source>
        <translation>{model} 无法推荐 {items}：还没有人与它交互过，而 {model} 只从交互中学习（冷启动）。基于内容的模型和混合模型可以根据类型推荐它。</translation>
    </message>
    <message>
        <source>{items} came after training; {model} recommends them from genres and tags all the same.</source>
        <translation>{items} 是在训练之后加入的；{model} 照样可以根据类型和标签推荐它们。</translation>
    </message>
    <message>
        <source>{items} came after training: retrain {model} (it takes a moment) and it can recommend them from their genres.</source>
        <translation>{items} 是在训练之后加入的：重新训练 {model}（只需片刻），它就能根据类型推荐它们。</translation>
    </message>
    <message>
        <source>{items} has no interactions yet; {model} can still recommend it from its genres and tags.</source>
        <translation>{items} 还没有任何交互；{model} 仍然可以根据类型和标签推荐它。</translation>
    </message>
    <message>
        <source>{items} came after training; {model} recommends it from genres and tags all the same.</source>
        <translation>{items} 是在训练之后加入的；{model} 照样可以根据类型和标签推荐它。</translation>
    </message>
    <message>
        <source>Neighbours: {rule}.</source>
        <translation>近邻：{rule}。</translation>
    </message>
    <message>
        <source>No neighbour shares anything with this user for this list, so the model falls back to popularity: score = users of the item / most users of any item = {count} / {top} = {value}</source>
        <translation>对这个列表来说，没有哪个近邻与该用户有共同物品，因此模型退回到按流行度推荐：得分 = 该物品的用户数 / 所有物品中最多的用户数 = {count} / {top} = {value}</translation>
    </message>
    <message>
        <source>score = number of users who have the item = {count}</source>
        <translation>得分 = 拥有该物品的用户数 = {count}</translation>
    </message>
    <message>
        <source>the users who have you among their own {k} most similar users</source>
        <translation>把你列为他们自己最相似的 {k} 个用户之一的那些用户</translation>
    </message>
    <message>
        <source>centred a·b / (‖a‖ ‖b‖), ratings minus each user&apos;s mean</source>
        <translation>中心化的 a·b / (‖a‖ ‖b‖)，即评分减去各用户的平均分</translation>
    </message>
    <message>
        <source>; × shared / (shared + {shrinkage}) (shrinkage)</source>
        <translation>；× 共同物品数 / (共同物品数 + {shrinkage})（收缩）</translation>
    </message>
    <message>
        <source>; pairs sharing fewer than {n} items count 0</source>
        <translation>；共同物品少于 {n} 个的用户对记为 0</translation>
    </message>
    <message>
        <source>score = Σ over neighbours v who have the item of sim(you, v) × value(v, item)</source>
        <translation>得分 = 对拥有该物品的每个近邻 v 求和 Σ 相似度(你, v) × 取值(v, 物品)</translation>
    </message>
    <message>
        <source>sim = {similarity}: {parts}{shrink}{overlap}</source>
        <translation>相似度 = {similarity}：{parts}{shrink}{overlap}</translation>
    </message>
    <message>
        <source>value × recency weight exp(−r / τ)</source>
        <translation>取值 × 时间权重 exp(−r / τ)</translation>
    </message>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>score = Σ over your items j of weight(j) × {weight_name}(j → item)</source>
        <translation>得分 = 对你的每个物品 j 求和 Σ 权重(j) × {weight_name}(j → 物品)</translation>
    </message>
    <message>
        <source>weight = {weight}</source>
        <translation>权重 = {weight}</translation>
    </message>
    <message>
        <source>score = your factor · the item&apos;s factor = Σ over dimensions f of x(f) × y(f)</source>
        <translation>得分 = 你的因子 · 物品的因子 = 对每个维度 f 求和 Σ x(f) × y(f)</translation>
    </message>
    <message>
        <source>your factor x is solved from your row with the item factors fixed (fold-in)</source>
        <translation>你的因子 x 是在物品因子固定的情况下，由你的这一行求解得到的（fold-in 折入）</translation>
    </message>
    <message>
        <source>score = cosine(profile, item) = Σ over shared features f of profile(f) × item(f) / (‖profile‖ ‖item‖)</source>
        <translation>得分 = cosine(画像, 物品) = 对共同特征 f 求和 Σ 画像(f) × 物品(f) / (‖画像‖ ‖物品‖)</translation>
    </message>
    <message>
        <source>‖profile‖ = {profile}, ‖item‖ = {item} → Σ = {total}</source>
        <translation>‖画像‖ = {profile}，‖物品‖ = {item} → Σ = {total}</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>EASE weight</source>
        <translation>EASE 权重</translation>
    </message>
    <message>
        <source>users in your {k} most similar who also have you among their {k} most similar</source>
        <translation>在你最相似的 {k} 个用户中、同时也把你列为他们最相似的 {k} 个用户之一的那些用户</translation>
    </message>
    <message>
        <source>your {k} most similar users (you are never your own neighbour)</source>
        <translation>与你最相似的 {k} 个用户（你自己永远不是自己的近邻）</translation>
    </message>
    <message>
        <source>Your items count for the recommended item when it is among their own {k} nearest.</source>
        <translation>当被推荐的物品属于你的物品各自最近的 {k} 个物品之一时，你的物品才计入。</translation>
    </message>
    <message>
        <source>Your profile: the mean of your items&apos; feature vectors.</source>
        <translation>你的画像：你的物品的特征向量的平均值。</translation>
    </message>
    <message>
        <source>{model} has no term-by-term breakdown here: these are the contributors its own explanation reports, not its arithmetic.</source>
        <translation>{model} 在这里没有逐项分解：这些是它自己的解释所列出的贡献者，而不是它的计算过程。</translation>
    </message>
    <message>
        <source>attribution(j) = ∂ logit(item) / ∂ x_j × x_j over your (normalised) input row</source>
        <translation>归因(j) = ∂ logit(物品) / ∂ x_j × x_j，取自你的（归一化后的）输入行</translation>
    </message>
    <message>
        <source>The logit is a non-linear function of the row, so these do not add up to it.</source>
        <translation>logit 是这一行的非线性函数，因此这些值相加并不等于它。</translation>
    </message>
    <message>
        <source>NeuMF scores from your learned user embedding, not from your items; the bars show how close each of your items lies to this one in the model&apos;s item space (GMF + MLP embeddings, cosine).</source>
        <translation>NeuMF 根据学到的用户嵌入打分，而不是根据你的物品；条形图显示在模型的物品空间中（GMF + MLP 嵌入，余弦相似度），你的每个物品与这个物品有多接近。</translation>
    </message>
    <message>
        <source>An attribution, not the model&apos;s arithmetic: it says which of your items pushed this score, not how the network computed it.</source>
        <translation>这是一种归因，不是模型的计算过程：它说明你的哪些物品推高了这个得分，而不是网络如何计算出它。</translation>
    </message>
    <message>
        <source>Both: your item is among the item&apos;s {k} nearest and vice versa.</source>
        <translation>双向：你的物品属于该物品最近的 {k} 个物品之一，反之亦然。</translation>
    </message>
    <message>
        <source>Each item keeps its {k} most similar items; the recommended item is scored from its own {k} nearest.</source>
        <translation>每个物品保留与它最相似的 {k} 个物品；被推荐的物品根据它自己最近的 {k} 个物品打分。</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>这个模型</translation>
    </message>
</context>
<context>
    <name>PresetButtons</name>
    <message>
        <source>{description} Opens the {sample} sample; then press Train.</source>
        <translation>{description} 会打开示例“{sample}”；然后点击“训练”。</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>recommending</source>
        <translation>正在生成推荐</translation>
    </message>
    <message>
        <source>neighbourhoods</source>
        <translation>正在计算近邻</translation>
    </message>
    <message>
        <source>indexing users</source>
        <translation>正在建立用户索引</translation>
    </message>
    <message>
        <source>item similarities</source>
        <translation>正在计算物品相似度</translation>
    </message>
    <message>
        <source>choosing the neighbourhood on held-out items</source>
        <translation>用留出的物品选择近邻方式</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>正在验证</translation>
    </message>
    <message>
        <source>compiling the training step</source>
        <translation>正在编译训练步骤</translation>
    </message>
    <message>
        <source>splitting ({split})</source>
        <translation>划分数据（{split}）</translation>
    </message>
    <message>
        <source>training {model}</source>
        <translation>训练 {model}</translation>
    </message>
    <message>
        <source>evaluating {done}/{total} users</source>
        <translation>正在评估用户 {done}/{total}</translation>
    </message>
    <message>
        <source>evaluation finished</source>
        <translation>评估完成</translation>
    </message>
    <message>
        <source>evaluation stopped</source>
        <translation>评估已停止</translation>
    </message>
    <message>
        <source>EASE: memory for the item matrices</source>
        <translation>EASE：为物品矩阵分配内存</translation>
    </message>
    <message>
        <source>EASE: item Gram matrix</source>
        <translation>EASE：物品 Gram 矩阵</translation>
    </message>
    <message>
        <source>EASE: item × item inverse</source>
        <translation>EASE：物品 × 物品矩阵求逆</translation>
    </message>
    <message>
        <source>EASE: inverse done</source>
        <translation>EASE：矩阵求逆完成</translation>
    </message>
    <message>
        <source>content: item vectors</source>
        <translation>基于内容：物品向量</translation>
    </message>
    <message>
        <source>hybrid: feature-augmented EASE</source>
        <translation>混合：特征增强的 EASE</translation>
    </message>
    <message>
        <source>t-SNE iteration {n}</source>
        <translation>t-SNE 第 {n} 次迭代</translation>
    </message>
    <message>
        <source>reading the model&apos;s items</source>
        <translation>正在读取模型的物品</translation>
    </message>
    <message>
        <source>reading the model&apos;s users</source>
        <translation>正在读取模型的用户</translation>
    </message>
    <message>
        <source>projecting ({method})</source>
        <translation>正在投影（{method}）</translation>
    </message>
</context>
<context>
    <name>RecommendationsModel</name>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Genres</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>{title} (item {item})</source>
        <translation>{title}（物品 {item}）</translation>
    </message>
    <message>
        <source>item {item}</source>
        <translation>物品 {item}</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message>
        <source>The user to recommend for; type to search.</source>
        <translation>要为其推荐的用户；可输入文字搜索。</translation>
    </message>
    <message>
        <source>How many recommendations to show.</source>
        <translation>显示多少条推荐。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save this list as a CSV file.</source>
        <translation>把这个列表保存为 CSV 文件。</translation>
    </message>
    <message>
        <source>Stop export</source>
        <translation>停止导出</translation>
    </message>
    <message>
        <source>Stop computing every user&apos;s list; nothing is written.</source>
        <translation>停止计算所有用户的列表；不会写入任何文件。</translation>
    </message>
    <message>
        <source>Export all users…</source>
        <translation>导出所有用户…</translation>
    </message>
    <message>
        <source>Compute the top-K list of every user, with the reasons, and save them all in one CSV file (progress in the status bar; it can be stopped).</source>
        <translation>计算每个用户的前 K 个推荐及其理由，全部保存到一个 CSV 文件中（进度显示在状态栏，可以随时停止）。</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Top K</source>
        <translation>前 K 个</translation>
    </message>
    <message>
        <source>Press Train (Ctrl+T) in the left column to see recommendations.</source>
        <translation>在左栏点击“训练”（Ctrl+T）即可看到推荐。</translation>
    </message>
    <message>
        <source>Pick a user from the list.</source>
        <translation>请从列表中选择一个用户。</translation>
    </message>
    <message>
        <source>No user named {user} in the table — pick one from the list.</source>
        <translation>表格中没有名为 {user} 的用户——请从列表中选择。</translation>
    </message>
    <message>
        <source>The {model} model is out of date — retrain it to see recommendations that reflect your edits (it cannot fold in changes).</source>
        <translation>{model} 模型已过时——请重新训练，才能看到反映你的编辑的推荐（它无法直接纳入改动）。</translation>
    </message>
    <message>
        <source>Waiting for the running job to finish…</source>
        <translation>正在等待当前任务结束…</translation>
    </message>
    <message>
        <source>Train a model first: there is nothing to export.</source>
        <translation>请先训练一个模型：目前没有可导出的内容。</translation>
    </message>
    <message>
        <source>Computing the top {k} of {users} users…</source>
        <translation>正在计算 {users} 个用户各自的前 {k} 个推荐…</translation>
    </message>
    <message>
        <source>Top {count} for {user} from {model}.</source>
        <translation>{model} 为 {user} 推荐的前 {count} 项。</translation>
    </message>
    <message>
        <source>Nothing to recommend to {user}: no item has any evidence.</source>
        <translation>没有可推荐给 {user} 的物品：没有任何物品有依据。</translation>
    </message>
    <message>
        <source>The table changed since training; scores use the edited row (fold-in).</source>
        <translation>训练之后表格有改动；得分使用编辑后的行（直接纳入，无需重新训练）。</translation>
    </message>
    <message>
        <source>The item features changed since training: retrain {model} to use them.</source>
        <translation>训练之后物品特征有改动：重新训练 {model} 才能用上它们。</translation>
    </message>
    <message>
        <source>{n} more item(s) would score 0: the model has no evidence for them, so they are not shown.</source>
        <translation>另有 {n} 个物品得分为 0：模型对它们没有任何依据，因此不显示。</translation>
    </message>
    <message>
        <source>Select a recommendation to read why it was recommended.</source>
        <translation>选择一条推荐，查看推荐它的理由。</translation>
    </message>
    <message>
        <source>(this model gives no reason)</source>
        <translation>（这个模型不给出理由）</translation>
    </message>
    <message>
        <source>&lt;b&gt;#{rank} {title}&lt;/b&gt; (item {item}){genres}&lt;br&gt;score {score}&lt;p&gt;&lt;b&gt;Why:&lt;/b&gt; {why}&lt;/p&gt;</source>
        <translation>&lt;b&gt;#{rank} {title}&lt;/b&gt;（物品 {item}）{genres}&lt;br&gt;得分 {score}&lt;p&gt;&lt;b&gt;理由：&lt;/b&gt;{why}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No recommendations to export.</source>
        <translation>没有可导出的推荐。</translation>
    </message>
    <message>
        <source>Export recommendations</source>
        <translation>导出推荐结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {count} recommendations to {path}</source>
        <translation>已将 {count} 条推荐保存到 {path}</translation>
    </message>
    <message>
        <source>Export recommendations for all users</source>
        <translation>导出所有用户的推荐</translation>
    </message>
    <message>
        <source>Exporting every user&apos;s recommendations: {percent} %</source>
        <translation>正在导出所有用户的推荐：{percent}%</translation>
    </message>
    <message>
        <source>Exporting every user&apos;s recommendations: {percent} % · ETA {time}</source>
        <translation>正在导出所有用户的推荐：{percent}% · 预计剩余 {time}</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Export stopped; nothing was written.</source>
        <translation>导出已停止，没有写入任何文件。</translation>
    </message>
    <message>
        <source>Saved {total} recommendations of {users} users to {path}</source>
        <translation>已将 {users} 个用户的 {total} 条推荐保存到 {path}</translation>
    </message>
    <message>
        <source>({count} users added since training were left out: retrain to include them.)</source>
        <translation>（训练之后新加入的 {count} 个用户未包含在内：重新训练即可包含他们。）</translation>
    </message>
</context>
<context>
    <name>SimilarDialog</name>
    <message>
        <source>Similar items to {label}</source>
        <translation>与 {label} 相似的物品</translation>
    </message>
    <message>
        <source>Finding the items most similar to &lt;b&gt;{label}&lt;/b&gt; …</source>
        <translation>正在查找与 &lt;b&gt;{label}&lt;/b&gt; 最相似的物品…</translation>
    </message>
    <message>
        <source>Similar users to {label}</source>
        <translation>与 {label} 相似的用户</translation>
    </message>
    <message>
        <source>Finding the users most similar to &lt;b&gt;{label}&lt;/b&gt; …</source>
        <translation>正在查找与 &lt;b&gt;{label}&lt;/b&gt; 最相似的用户…</translation>
    </message>
    <message>
        <source>Train a model first: similarity is measured by the current model.</source>
        <translation>请先训练一个模型：相似度是由当前模型度量的。</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>该模型</translation>
    </message>
    <message>
        <source>{n} most similar under &lt;b&gt;{model}&lt;/b&gt;: {how}</source>
        <translation>在 &lt;b&gt;{model}&lt;/b&gt; 下最相似的 {n} 个：{how}</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>相似物品</translation>
    </message>
    <message>
        <source>Similar items (train a model first)</source>
        <translation>相似物品（请先训练模型）</translation>
    </message>
    <message>
        <source>Similar users</source>
        <translation>相似用户</translation>
    </message>
    <message>
        <source>Similar users (train a model first)</source>
        <translation>相似用户（请先训练模型）</translation>
    </message>
</context>
<context>
    <name>SimilarModel</name>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
</context>
<context>
    <name>SimilarityPanel</name>
    <message>
        <source>Users × users</source>
        <translation>用户 × 用户</translation>
    </message>
    <message>
        <source>Items × items</source>
        <translation>物品 × 物品</translation>
    </message>
    <message>
        <source>Compare users by what they have, or items by who has them.</source>
        <translation>按拥有的物品比较用户，或按拥有者比较物品。</translation>
    </message>
    <message>
        <source>At most this many users/items are shown (the most active).</source>
        <translation>最多显示这么多用户/物品（最活跃的）。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Recompute the similarities from the current table.</source>
        <translation>根据当前表格重新计算相似度。</translation>
    </message>
    <message>
        <source>Hover a cell to see the pair and their cosine similarity.</source>
        <translation>把鼠标悬停在单元格上，查看这一对及其余弦相似度。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Max size</source>
        <translation>最大数量</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>The table is empty.</source>
        <translation>表格是空的。</translation>
    </message>
    <message>
        <source>Showing the {n} most active of {total} users, grouped by similarity.</source>
        <translation>显示 {total} 个用户中最活跃的 {n} 个，按相似度分组。</translation>
    </message>
    <message>
        <source>Showing all {n} users, grouped by similarity.</source>
        <translation>显示全部 {n} 个用户，按相似度分组。</translation>
    </message>
    <message>
        <source>Showing the {n} most popular of {total} items, grouped by similarity.</source>
        <translation>显示 {total} 个物品中最热门的 {n} 个，按相似度分组。</translation>
    </message>
    <message>
        <source>Showing all {n} items, grouped by similarity.</source>
        <translation>显示全部 {n} 个物品，按相似度分组。</translation>
    </message>
</context>
<context>
    <name>SweepChart</name>
    <message>
        <source>Sweep: run one to see the metric against the parameter</source>
        <translation>参数扫描：运行一次，查看指标随参数的变化</translation>
    </message>
    <message>
        <source>{metric}: mean over the folds</source>
        <translation>{metric}：各折的平均值</translation>
    </message>
    <message>
        <source>{metric}: mean ± std over the folds</source>
        <translation>{metric}：各折的平均值 ± 标准差</translation>
    </message>
</context>
<context>
    <name>SweepTableModel</name>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Standard deviation of the metric over the folds</source>
        <translation>指标在各折上的标准差</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Scored by cross-validation over users on the training part of a leave-last-out split: the test hold-out used by the Evaluation view is never touched.</source>
        <translation>在留一法划分的训练部分上按用户做交叉验证来评分：评估视图使用的测试集从不会被用到。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>The model whose parameters are swept.</source>
        <translation>要扫描其参数的模型。</translation>
    </message>
    <message>
        <source>Values to try: a list (10, 20, 50) or a range LOW:HIGH:STEPS, with :log for log steps (0.0001:0.1:4:log).</source>
        <translation>要尝试的取值：一个列表（10, 20, 50），或一个范围 LOW:HIGH:STEPS，加 :log 表示按对数取步长（0.0001:0.1:4:log）。</translation>
    </message>
    <message>
        <source>Grid (every combination)</source>
        <translation>网格搜索（所有组合）</translation>
    </message>
    <message>
        <source>Random (seeded, budget)</source>
        <translation>随机搜索（有随机种子和预算）</translation>
    </message>
    <message>
        <source>Grid tries every combination; random draws &apos;budget&apos; settings, from ranges uniformly (log-uniformly for :log).</source>
        <translation>网格搜索尝试所有组合；随机搜索抽取“预算”个设置，在范围内均匀抽样（:log 时按对数均匀抽样）。</translation>
    </message>
    <message>
        <source>Settings drawn by random search.</source>
        <translation>随机搜索抽取的设置个数。</translation>
    </message>
    <message>
        <source>Cross-validation folds over users (1 = one validation hold-out of every user&apos;s latest item; fastest).</source>
        <translation>按用户划分的交叉验证折数（1 = 为每个用户留出最近的一个物品做一次验证；最快）。</translation>
    </message>
    <message>
        <source>The metric that picks the best setting.</source>
        <translation>用来挑选最佳设置的指标。</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current fold; finished rows are kept.</source>
        <translation>在当前折结束后停止；已完成的行会保留。</translation>
    </message>
    <message>
        <source>Use best</source>
        <translation>使用最佳设置</translation>
    </message>
    <message>
        <source>Apply the best setting to the Model &amp; training form.</source>
        <translation>把最佳设置应用到“模型与训练”表单。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Parameter 1</source>
        <translation>参数 1</translation>
    </message>
    <message>
        <source>Parameter 2</source>
        <translation>参数 2</translation>
    </message>
    <message>
        <source>    values</source>
        <translation>    取值</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Folds</source>
        <translation>折数</translation>
    </message>
    <message>
        <source>Nothing to sweep on: the table is empty.</source>
        <translation>没有可扫描的数据：表格是空的。</translation>
    </message>
    <message>
        <source>Starting: {n} settings × {folds} folds</source>
        <translation>开始：{n} 个设置 × {folds} 折</translation>
    </message>
    <message>
        <source>Sweeping {model}: {n} settings × {folds} folds…</source>
        <translation>正在扫描 {model}：{n} 个设置 × {folds} 折…</translation>
    </message>
    <message>
        <source>Stopping after this fold…</source>
        <translation>将在这一折结束后停止…</translation>
    </message>
    <message>
        <source>Chose the best setting for the model form: {settings}.</source>
        <translation>已为模型表单选择最佳设置：{settings}。</translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <translation>预计剩余 {time}</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Sweep failed: {error}</source>
        <translation>扫描失败：{error}</translation>
    </message>
    <message>
        <source>{n} of {total} settings</source>
        <translation>{total} 个设置中的 {n} 个</translation>
    </message>
    <message>
        <source>Done: {done} in {time}</source>
        <translation>完成：{done}，用时 {time}</translation>
    </message>
    <message>
        <source>Stopped: kept {done}</source>
        <translation>已停止：保留了 {done}</translation>
    </message>
    <message>
        <source>Best {metric}: {mean} ± {std} with {settings} ({n} test users never used).</source>
        <translation>最佳 {metric}：{mean} ± {std}，设置为 {settings}（{n} 个测试用户从未被使用）。</translation>
    </message>
    <message>
        <source>Within one standard error of it, fold by fold: {settings}; the folds cannot tell these from the best.</source>
        <translation>逐折比较，与最佳设置相差不到一个标准误的有：{settings}；交叉验证的各折无法把它们与最佳设置区分开。</translation>
    </message>
</context>
<context>
    <name>TableModel</name>
    <message>
        <source>{text} is not a number</source>
        <translation>{text} 不是数字</translation>
    </message>
    <message>
        <source>a rating must be a positive number (leave it empty to clear)</source>
        <translation>评分必须是正数（留空即可清除）</translation>
    </message>
</context>
<context>
    <name>TableView</name>
    <message>
        <source>This table records interactions, not ratings: click a cell or press Space to add or remove one. To work with ratings, open a file that has a rating column.</source>
        <translation>这个表格记录的是交互，不是评分：单击单元格或按空格键即可添加或删除一次交互。要使用评分，请打开带有评分列的文件。</translation>
    </message>
    <message>
        <source>Clear {n} cell(s)</source>
        <translation>清除 {n} 个单元格</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <source>Training {name} failed: {error}</source>
        <translation>训练 {name} 失败：{error}</translation>
    </message>
    <message>
        <source>Stopped — {name} was not finished, so no model was kept (only a neural model keeps its best epoch when stopped)</source>
        <translation>已停止——{name} 没有训练完，因此没有保留模型（只有神经网络模型在停止时会保留最好的一轮）</translation>
    </message>
    <message>
        <source>Warning: {name} {problem}; kept the best weights so far</source>
        <translation>警告：{name} {problem}；已保留到目前为止最好的权重</translation>
    </message>
    <message>
        <source>Stopped at epoch {epoch} — kept best model ({name})</source>
        <translation>在第 {epoch} 轮停止——保留了最好的模型（{name}）</translation>
    </message>
    <message>
        <source>Stopped — kept best model ({name})</source>
        <translation>已停止——保留了最好的模型（{name}）</translation>
    </message>
    <message>
        <source>Trained {name} in {seconds}</source>
        <translation>{name} 训练完成，用时 {seconds}</translation>
    </message>
    <message>
        <source>Nothing to train on: the table is empty.</source>
        <translation>没有可训练的数据：表格是空的。</translation>
    </message>
    <message>
        <source>Training {name}…</source>
        <translation>正在训练 {name}…</translation>
    </message>
    <message>
        <source>New data: the running training was stopped.</source>
        <translation>数据已更换：正在进行的训练已停止。</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>Item–item similarities computed for {items} items in {took}.</source>
        <translation>已计算 {items} 个物品之间的物品–物品相似度，用时 {took}。</translation>
    </message>
    <message>
        <source>User–user similarities computed for {users} users in {took}.</source>
        <translation>已计算 {users} 个用户之间的用户–用户相似度，用时 {took}。</translation>
    </message>
    <message>
        <source>Counted the users of {items} items ({nnz} interactions) in {took}.</source>
        <translation>已统计 {items} 个物品各自的用户数（{nnz} 条交互），用时 {took}。</translation>
    </message>
    <message>
        <source>{name} fitted on {users} users × {items} items in {took}.</source>
        <translation>{name} 已在 {users} 个用户 × {items} 个物品上拟合完成，用时 {took}。</translation>
    </message>
    <message>
        <source>Neighbourhood auto chose {neighbourhood} with recency decay {recency}, measured on held-out items.</source>
        <translation>近邻方式 auto 选择了 {neighbourhood}，时间衰减为 {recency}（在留出的物品上测得）。</translation>
    </message>
    <message>
        <source>Neighbourhood auto chose {neighbourhood} without recency decay, measured on held-out items.</source>
        <translation>近邻方式 auto 选择了 {neighbourhood}，不使用时间衰减（在留出的物品上测得）。</translation>
    </message>
    <message>
        <source>Export plot…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Save the training curves as a PNG image.</source>
        <translation>把训练曲线保存为 PNG 图片。</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>training (after each iteration)</source>
        <translation>训练（每次迭代后）</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>batch (smoothed)</source>
        <translation>批次（平滑）</translation>
    </message>
    <message>
        <source>training (epoch mean)</source>
        <translation>训练（每轮平均）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Training and validation loss</source>
        <translation>训练损失与验证损失</translation>
    </message>
    <message>
        <source>Training loss — {name}</source>
        <translation>训练损失 — {name}</translation>
    </message>
    <message>
        <source>Training and validation loss — {name} (compiling the training step…)</source>
        <translation>训练损失与验证损失 — {name}（正在编译训练步骤…）</translation>
    </message>
    <message>
        <source>Training and validation loss — {name}</source>
        <translation>训练损失与验证损失 — {name}</translation>
    </message>
    <message>
        <source>Press Train (Ctrl+T) in the left column.

Neural models (MLP, NeuMF) draw their loss here batch by batch, and HR/NDCG per epoch when validation is on; kNN and popularity say what they computed.</source>
        <translation>在左栏点击“训练”（Ctrl+T）。

神经网络模型（MLP、NeuMF）会在这里逐批次画出损失曲线，开启验证时还会画出每轮的 HR/NDCG；k 近邻和热门推荐会说明它们计算了什么。</translation>
    </message>
    <message>
        <source>Training {name}…</source>
        <translation>正在训练 {name}…</translation>
    </message>
    <message>
        <source>Training loss — {name} (compiling the training step…)</source>
        <translation>训练损失 — {name}（正在编译训练步骤…）</translation>
    </message>
    <message>
        <source>Fitting {name}…</source>
        <translation>正在拟合 {name}…</translation>
    </message>
    <message>
        <source>{message}.</source>
        <translation>{message}。</translation>
    </message>
    <message>
        <source>This model is not trained in epochs, so there is no loss curve.</source>
        <translation>这个模型不是按轮训练的，因此没有损失曲线。</translation>
    </message>
    <message>
        <source>best epoch</source>
        <translation>最佳轮次</translation>
    </message>
    <message>
        <source>best epoch: {epoch}</source>
        <translation>最佳轮次：{epoch}</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Plot saved to {path}</source>
        <translation>图表已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ViewSpec</name>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>The behaviour table: who interacted with what (edit it here)</source>
        <translation>行为表：谁与什么发生过交互（在这里编辑）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Watch the model learn: loss per batch, validation per epoch</source>
        <translation>观察模型学习：每批次的损失，每轮的验证指标</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Top-K recommendations for a user, and why each was recommended</source>
        <translation>一个用户的前 K 个推荐，以及每一条的推荐理由</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Offline evaluation (HR@K, NDCG@K …) and a comparison of every run</source>
        <translation>离线评估（HR@K、NDCG@K……）以及所有运行的对比</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>How similar users or items are to each other</source>
        <translation>用户之间或物品之间有多相似</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>Tune one or two settings by cross-validation on the training part (the test hold-out is never used)</source>
        <translation>在训练部分上用交叉验证调一到两个参数（从不使用测试集）</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Every item (or user) placed by what the model learned; neighbours and a user&apos;s history and recommendations</source>
        <translation>按模型学到的表示摆放每个物品（或用户）；显示近邻，以及一个用户的历史和推荐</translation>
    </message>
</context>
<context>
    <name>Why</name>
    <message>
        <source>users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>most users</source>
        <translation>最多用户数</translation>
    </message>
    <message>
        <source>count / max</source>
        <translation>计数 / 最大值</translation>
    </message>
    <message>
        <source>shared items</source>
        <translation>共同物品数</translation>
    </message>
    <message>
        <source>numerator</source>
        <translation>分子</translation>
    </message>
    <message>
        <source>denominator</source>
        <translation>分母</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>product</source>
        <translation>乘积</translation>
    </message>
    <message>
        <source>recency weight</source>
        <translation>时间权重</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>you</source>
        <translation>你</translation>
    </message>
    <message>
        <source>item</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>term</source>
        <translation>项</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>gradient × input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>cosine in item space</source>
        <translation>物品空间中的余弦相似度</translation>
    </message>
    <message>
        <source>neighbour</source>
        <translation>近邻</translation>
    </message>
    <message>
        <source>your item</source>
        <translation>你的物品</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>EASE weight</source>
        <translation>EASE 权重</translation>
    </message>
    <message>
        <source>factor {n}</source>
        <translation>因子 {n}</translation>
    </message>
</context>
<context>
    <name>WhyPanel</name>
    <message>
        <source>Select a recommendation to see the arithmetic behind it.</source>
        <translation>选择一条推荐，查看它背后的计算过程。</translation>
    </message>
    <message>
        <source>Train a model first.</source>
        <translation>请先训练一个模型。</translation>
    </message>
    <message>
        <source>Working out why {item} …</source>
        <translation>正在计算推荐 {item} 的原因…</translation>
    </message>
    <message>
        <source>the rows add up to the score</source>
        <translation>各行相加等于得分</translation>
    </message>
    <message>
        <source>an attribution: the rows do not add up to the score</source>
        <translation>这是一种归因：各行相加不等于得分</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why {item} for {user}&lt;/b&gt; — {model}: score {score}; {sums}.</source>
        <translation>&lt;b&gt;为什么给 {user} 推荐 {item}&lt;/b&gt; — {model}：得分 {score}；{sums}。</translation>
    </message>
    <message>
        <source>({n} smaller terms not listed; the sum includes them)</source>
        <translation>（另有 {n} 个较小的项未列出；总和包含它们）</translation>
    </message>
</context>
<context>
    <name>WhyTableModel</name>
    <message>
        <source>sum</source>
        <translation>总和</translation>
    </message>
    <message>
        <source>sum (not the score)</source>
        <translation>总和（不是得分）</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>
&lt;h3&gt;RecLab&lt;/h3&gt;
&lt;p&gt;See how personalised recommendation works: edit who interacted with what, train a
recommender, and read why it recommends each item.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Methods&lt;/b&gt;&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Popularity&lt;/b&gt; — the most-interacted items; the baseline every method must beat.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;User-based k-nearest neighbours&lt;/b&gt; — J. Herlocker, J. Konstan, A. Borchers, J. Riedl,
&lt;i&gt;An algorithmic framework for performing collaborative filtering&lt;/i&gt;, SIGIR 1999.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Item-based k-nearest neighbours&lt;/b&gt; — B. Sarwar, G. Karypis, J. Konstan, J. Riedl,
&lt;i&gt;Item-based collaborative filtering recommendation algorithms&lt;/i&gt;, WWW 2001.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;MLP (Mult-DAE)&lt;/b&gt; — D. Liang, R. G. Krishnan, M. D. Hoffman, T. Jebara,
&lt;i&gt;Variational autoencoders for collaborative filtering&lt;/i&gt;, WWW 2018.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;NeuMF&lt;/b&gt; — X. He, L. Liao, H. Zhang, L. Nie, X. Hu, T.-S. Chua,
&lt;i&gt;Neural collaborative filtering&lt;/i&gt;, WWW 2017.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;&lt;b&gt;Data&lt;/b&gt;: MovieLens — F. M. Harper, J. A. Konstan, &lt;i&gt;The MovieLens datasets: history and
context&lt;/i&gt;, ACM TiiS 5(4), 2015.&lt;/p&gt;
&lt;p&gt;Built with PySide6 (Qt), pyqtgraph, NumPy, SciPy, scikit-learn, pandas and Keras.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;RecLab&lt;/h3&gt;
&lt;p&gt;亲眼看看个性化推荐是怎样工作的：编辑谁与什么发生过交互，训练一个推荐模型，再读一读它推荐每个物品的理由。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;方法&lt;/b&gt;&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;热门推荐&lt;/b&gt;——交互最多的物品；每种方法都必须超越的基线。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;基于用户的 k 近邻（协同过滤）&lt;/b&gt;——J. Herlocker, J. Konstan, A. Borchers, J. Riedl,
&lt;i&gt;An algorithmic framework for performing collaborative filtering&lt;/i&gt;, SIGIR 1999。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;基于物品的 k 近邻（协同过滤）&lt;/b&gt;——B. Sarwar, G. Karypis, J. Konstan, J. Riedl,
&lt;i&gt;Item-based collaborative filtering recommendation algorithms&lt;/i&gt;, WWW 2001。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;多层感知机（Mult-DAE）&lt;/b&gt;——D. Liang, R. G. Krishnan, M. D. Hoffman, T. Jebara,
&lt;i&gt;Variational autoencoders for collaborative filtering&lt;/i&gt;, WWW 2018。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;NeuMF（神经协同过滤）&lt;/b&gt;——X. He, L. Liao, H. Zhang, L. Nie, X. Hu, T.-S. Chua,
&lt;i&gt;Neural collaborative filtering&lt;/i&gt;, WWW 2017。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;&lt;b&gt;数据&lt;/b&gt;：MovieLens——F. M. Harper, J. A. Konstan, &lt;i&gt;The MovieLens datasets: history andcontext&lt;/i&gt;, ACM TiiS 5(4), 2015。&lt;/p&gt;
&lt;p&gt;基于 PySide6 (Qt)、pyqtgraph、NumPy、SciPy、scikit-learn、pandas 和 Keras 构建。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>About RecLab</source>
        <translation>关于 RecLab</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Collaborative filtering</source>
        <translation>协同过滤</translation>
    </message>
    <message>
        <source>Neural</source>
        <translation>神经网络</translation>
    </message>
    <message>
        <source>Content-based</source>
        <translation>基于内容</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Item-based kNN</source>
        <translation>基于物品的 k 近邻</translation>
    </message>
    <message>
        <source>Recommends items similar to the ones the user already has.</source>
        <translation>推荐与用户已有物品相似的物品。</translation>
    </message>
    <message>
        <source>Neighbours</source>
        <translation>近邻数</translation>
    </message>
    <message>
        <source>How many most-similar items are kept per item.</source>
        <translation>每个物品保留多少个最相似的物品。</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>How the likeness of two rows is measured (pearson: mean-centred ratings, explicit data only).</source>
        <translation>如何度量两行的相似程度（pearson：先减去均值的评分，仅适用于显式数据）。</translation>
    </message>
    <message>
        <source>Shrinkage</source>
        <translation>收缩系数</translation>
    </message>
    <message>
        <source>Similarity × overlap / (overlap + shrinkage): shrinks similarities computed from few shared interactions towards 0 (0 = off).</source>
        <translation>相似度 × 共同数 / (共同数 + 收缩系数)：把由很少共同交互算出的相似度向 0 收缩（0 = 关闭）。</translation>
    </message>
    <message>
        <source>Minimum overlap</source>
        <translation>最小共同交互数</translation>
    </message>
    <message>
        <source>Pairs sharing fewer interactions than this count as not similar at all.</source>
        <translation>共同交互少于此数的两者视为完全不相似。</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>近邻范围</translation>
    </message>
    <message>
        <source>Which neighbours count; auto chooses at fit time, on the latest items of up to 1,000 training users held out: top-k (a candidate scored from its own k nearest items) or reverse (from the neighbour lists of the user&apos;s own items, as implicit does), with or without the recency decay when there are timestamps — top-k with timestamps, else reverse, unless another ranks those items clearly better.</source>
        <translation>哪些近邻参与计算；auto 在训练时选择，依据是留出的最多 1,000 名训练用户各自最新的物品：top-k（候选物品由它自己的 k 个最近邻打分）或 reverse（由用户已有物品的近邻列表打分，与 implicit 库相同），有时间戳时还比较用与不用时间衰减——有时间戳默认 top-k，否则 reverse，除非另一种对这些物品的排序明显更好。</translation>
    </message>
    <message>
        <source>Use rating values</source>
        <translation>使用评分值</translation>
    </message>
    <message>
        <source>Use the rating values instead of treating every interaction as 1.</source>
        <translation>使用评分值，而不是把每次交互都当作 1。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Rows processed at once; larger is faster but uses more memory.</source>
        <translation>一次处理的行数；越大越快，但占用内存越多。</translation>
    </message>
    <message>
        <source>Recency decay</source>
        <translation>时间衰减</translation>
    </message>
    <message>
        <source>How fast a user&apos;s older items lose weight: exp(-r / recency), r = later timestamps (0 = all items count equally; needs timestamps; with neighbourhood auto, used only where it ranks held-out items better).</source>
        <translation>用户较早的物品权重衰减的速度：exp(-r / recency)，r = 之后的时间戳个数（0 = 所有物品同等重要；需要时间戳；近邻方式为 auto 时，只在它让留出物品排得更好时使用）。</translation>
    </message>
    <message>
        <source>User-based kNN</source>
        <translation>基于用户的 k 近邻</translation>
    </message>
    <message>
        <source>Recommends what the most similar users have.</source>
        <translation>推荐最相似的用户所拥有的物品。</translation>
    </message>
    <message>
        <source>How many most-similar users contribute to each score.</source>
        <translation>每个得分由多少个最相似的用户贡献。</translation>
    </message>
    <message>
        <source>Which neighbours count: each one&apos;s top-k, the reverse, or only mutual ones (auto: top-k).</source>
        <translation>哪些近邻参与计算：各自的前 k 个、反向，或只取互为近邻的（auto：前 k 个）。</translation>
    </message>
    <message>
        <source>MLP (Mult-DAE)</source>
        <translation>多层感知机（Mult-DAE）</translation>
    </message>
    <message>
        <source>A neural network reads the user&apos;s whole row and predicts the rest (folds in edits without retraining).</source>
        <translation>神经网络读取用户的整行数据并预测其余物品（编辑后无需重新训练即可纳入）。</translation>
    </message>
    <message>
        <source>Hidden sizes</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>Sizes of the hidden layers, comma separated, such as 64, 32.</source>
        <translation>各隐藏层的大小，用逗号分隔，例如 64, 32。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout 比例</translation>
    </message>
    <message>
        <source>Share of the (normalised) input row randomly hidden during training, to avoid memorising.</source>
        <translation>训练时随机遮盖的（归一化后的）输入行比例，用来避免死记硬背（过拟合）。</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 正则化</translation>
    </message>
    <message>
        <source>Penalty on large weights (sum of squared kernel weights); higher values give a simpler, smoother model.</source>
        <translation>对大权重的惩罚（权重平方和，即 L2 正则化）；值越大，模型越简单、越平滑。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Step size of the Adam optimiser; too high diverges, too low learns slowly.</source>
        <translation>Adam 优化器的步长；太大会发散，太小则学得很慢。</translation>
    </message>
    <message>
        <source>Users per training step; larger is faster per epoch but learns less per pass.</source>
        <translation>每个训练步的用户数；越大每轮越快，但每遍学到的越少。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Maximum number of passes over the training data.</source>
        <translation>遍历训练数据的最大轮数。</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Fixes the random initialisation and sampling so runs are repeatable.</source>
        <translation>固定随机初始化和抽样，使每次运行结果可复现。</translation>
    </message>
    <message>
        <source>Validate each epoch</source>
        <translation>每轮验证</translation>
    </message>
    <message>
        <source>Hold out each user&apos;s latest item and report HR@10/NDCG@10 after every epoch, keeping the best epoch (the held-out items are not trained on).</source>
        <translation>为每个用户留出最近的一个物品，每轮结束后报告 HR@10/NDCG@10，并保留最好的一轮（留出的物品不参与训练）。</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>早停耐心值</translation>
    </message>
    <message>
        <source>Stop after this many epochs without improvement on the validation metric.</source>
        <translation>验证指标连续这么多轮没有提升就停止（早停）。</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监控指标</translation>
    </message>
    <message>
        <source>Validation metric that picks the best epoch and drives early stopping.</source>
        <translation>用来挑选最好一轮并决定早停的验证指标。</translation>
    </message>
    <message>
        <source>Weight each interaction by its rating instead of treating it as 1.</source>
        <translation>按评分给每次交互加权，而不是都当作 1。</translation>
    </message>
    <message>
        <source>How fast a user&apos;s older items lose weight in the input row: exp(-r / tau), r = later timestamps (0 = all items count equally; needs timestamps).</source>
        <translation>输入行中用户较早的物品权重衰减得多快：exp(-r / tau)，r = 之后的时间戳个数（0 = 所有物品同等重要；需要时间戳）。</translation>
    </message>
    <message>
        <source>Recency-weighted target</source>
        <translation>按时间加权的目标</translation>
    </message>
    <message>
        <source>Also weight the predicted items by recency, so recent ones count more.</source>
        <translation>预测的目标物品也按时间加权，越近的越重要。</translation>
    </message>
    <message>
        <source>Training precision</source>
        <translation>训练精度</translation>
    </message>
    <message>
        <source>Number format of the training step&apos;s large products: bfloat16 is about twice as fast on processors that have it (auto picks it there, float32 elsewhere), while weights, loss, validation and recommendations stay float32.</source>
        <translation>训练步骤中大型矩阵乘法使用的数值格式：在支持 bfloat16 的处理器上，bfloat16 大约快一倍（auto 会在这类处理器上选用它，其他处理器上用 float32），而权重、损失、验证和推荐结果始终使用 float32。</translation>
    </message>
    <message>
        <source>NeuMF</source>
        <translation>NeuMF</translation>
    </message>
    <message>
        <source>Learns an embedding per user and per item (edits need a retrain).</source>
        <translation>为每个用户和每个物品学习一个嵌入向量（编辑后需要重新训练）。</translation>
    </message>
    <message>
        <source>GMF embedding size</source>
        <translation>GMF 嵌入维度</translation>
    </message>
    <message>
        <source>Length of the user and item vectors in the matrix-factorisation tower.</source>
        <translation>矩阵分解塔中用户和物品向量的长度。</translation>
    </message>
    <message>
        <source>MLP embedding size</source>
        <translation>MLP 嵌入维度</translation>
    </message>
    <message>
        <source>Length of the user and item vectors (per side) fed to the MLP tower.</source>
        <translation>输入 MLP 塔的用户和物品向量（每一侧）的长度。</translation>
    </message>
    <message>
        <source>Penalty on large embeddings (those a batch touches, per row); higher values give a simpler, smoother model.</source>
        <translation>对大嵌入向量的惩罚（按行，只针对本批次用到的行）；值越大，模型越简单、越平滑。</translation>
    </message>
    <message>
        <source>(user, item) pairs per training step; larger is faster per epoch but learns less per pass.</source>
        <translation>每个训练步的（用户, 物品）对数；越大每轮越快，但每遍学到的越少。</translation>
    </message>
    <message>
        <source>Negatives per positive</source>
        <translation>每个正样本的负样本数</translation>
    </message>
    <message>
        <source>Unseen items sampled as negatives for every positive interaction, resampled every epoch.</source>
        <translation>为每个正交互抽取的未交互物品（负样本）数量，每轮重新抽样。</translation>
    </message>
    <message>
        <source>How fast a user&apos;s older items lose weight in the loss (each positive&apos;s weight): exp(-r / tau), r = later timestamps (0 = all items count equally; needs timestamps).</source>
        <translation>损失中用户较早物品（每个正样本的权重）衰减得多快：exp(-r / tau)，r = 之后的时间戳个数（0 = 所有物品同等重要；需要时间戳）。</translation>
    </message>
    <message>
        <source>Most popular items</source>
        <translation>最热门物品</translation>
    </message>
    <message>
        <source>Recommends the items most users have — the baseline to beat.</source>
        <translation>推荐拥有人数最多的物品——需要超越的基线。</translation>
    </message>
    <message>
        <source>EASE</source>
        <translation>EASE</translation>
    </message>
    <message>
        <source>Learns item-to-item weights in one closed-form step (Steck 2019): a strong, simple baseline.</source>
        <translation>用一个闭式解学习物品到物品的权重（Steck 2019）：一个简单而强大的基线。</translation>
    </message>
    <message>
        <source>L2 penalty (λ)</source>
        <translation>L2 正则化（λ）</translation>
    </message>
    <message>
        <source>Shrinks the item-item weights towards 0: larger is smoother and favours popular items (Steck uses hundreds on MovieLens-sized data).</source>
        <translation>把物品–物品权重向 0 收缩：越大越平滑，也越偏向热门物品（Steck 在 MovieLens 规模的数据上用几百）。</translation>
    </message>
    <message>
        <source>At scoring time a user&apos;s older items weigh exp(-r / recency), r = later timestamps (0 = order ignored; needs timestamps).</source>
        <translation>打分时用户较早的物品权重为 exp(-r / recency)，r = 之后的时间戳个数（0 = 忽略顺序；需要时间戳）。</translation>
    </message>
    <message>
        <source>Learn from and score the rating values instead of 1 per interaction.</source>
        <translation>用评分值来学习和打分，而不是每次交互都记为 1。</translation>
    </message>
    <message>
        <source>Memory limit (GB)</source>
        <translation>内存上限（GB）</translation>
    </message>
    <message>
        <source>Refuse to train when the dense items × items inverse would need more memory.</source>
        <translation>当稠密的物品 × 物品逆矩阵需要更多内存时拒绝训练。</translation>
    </message>
    <message>
        <source>Matrix factorisation (ALS)</source>
        <translation>矩阵分解（ALS）</translation>
    </message>
    <message>
        <source>Learns a vector per user and per item whose dot products rebuild the table (implicit ALS, Hu et al. 2008).</source>
        <translation>为每个用户和每个物品学习一个向量，它们的点积重建行为表（隐式反馈 ALS，Hu 等 2008）。</translation>
    </message>
    <message>
        <source>Factors</source>
        <translation>隐因子数</translation>
    </message>
    <message>
        <source>Length of each user&apos;s and item&apos;s vector.</source>
        <translation>每个用户和物品向量的长度。</translation>
    </message>
    <message>
        <source>Penalty on large factors; higher values give smoother factors.</source>
        <translation>对大隐因子的惩罚（正则化）；值越大，隐因子越平滑。</translation>
    </message>
    <message>
        <source>Confidence (α)</source>
        <translation>置信度（α）</translation>
    </message>
    <message>
        <source>An interaction counts 1 + α times as much as an empty cell in the loss.</source>
        <translation>在损失中，一次交互的权重是空单元格的 1 + α 倍。</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>Alternating sweeps: all users, then all items.</source>
        <translation>交替更新：先所有用户，再所有物品。</translation>
    </message>
    <message>
        <source>CG steps</source>
        <translation>共轭梯度步数</translation>
    </message>
    <message>
        <source>Conjugate-gradient steps per solve, warm-started.</source>
        <translation>每次求解的共轭梯度步数（热启动）。</translation>
    </message>
    <message>
        <source>Confidence grows with the rating value instead of 1 per interaction.</source>
        <translation>置信度随评分值增长，而不是每次交互都记为 1。</translation>
    </message>
    <message>
        <source>Fixes the initial factors so runs are repeatable.</source>
        <translation>固定初始隐因子，使每次运行结果可复现。</translation>
    </message>
    <message>
        <source>Recommends items whose genres, tags and title words match what the user likes; works for items nobody has touched yet.</source>
        <translation>推荐类型、标签和标题词与用户喜好相符的物品；对还没有人接触过的物品也有效（冷启动）。</translation>
    </message>
    <message>
        <source>Genre weight</source>
        <translation>类型权重</translation>
    </message>
    <message>
        <source>Weight of the genres in an item&apos;s vector (0 = ignore).</source>
        <translation>类型在物品向量中的权重（0 = 忽略）。</translation>
    </message>
    <message>
        <source>Tag weight</source>
        <translation>标签权重</translation>
    </message>
    <message>
        <source>Weight of the tags (TF-IDF over whole tags).</source>
        <translation>标签的权重（按整个标签计算 TF-IDF）。</translation>
    </message>
    <message>
        <source>Title-word weight</source>
        <translation>标题词权重</translation>
    </message>
    <message>
        <source>Weight of the title words (TF-IDF, stop words removed).</source>
        <translation>标题词的权重（TF-IDF，去除停用词）。</translation>
    </message>
    <message>
        <source>A user&apos;s older items weigh exp(-r / recency) in their profile (0 = all equal).</source>
        <translation>用户画像中较早物品的权重为 exp(-r / recency)（0 = 全部相同）。</translation>
    </message>
    <message>
        <source>CF + content blend</source>
        <translation>协同过滤 + 内容混合</translation>
    </message>
    <message>
        <source>Blends EASE&apos;s scores with content-based ones (α sets the mix); new items are ranked by their content.</source>
        <translation>把 EASE 的得分与基于内容的得分混合（α 决定比例）；新物品按内容排序。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>blend: weighted sum of normalised CF and content scores; augmented: EASE whose item similarity also sees the item features.</source>
        <translation>blend：归一化后的协同过滤得分与内容得分的加权和；augmented：物品相似度同时考虑物品特征的 EASE。</translation>
    </message>
    <message>
        <source>CF weight (α)</source>
        <translation>协同过滤权重（α）</translation>
    </message>
    <message>
        <source>Blend only: 1 = CF only, 0 = content only.</source>
        <translation>仅用于 blend：1 = 只用协同过滤，0 = 只用内容。</translation>
    </message>
    <message>
        <source>CF model</source>
        <translation>协同过滤模型</translation>
    </message>
    <message>
        <source>Blend only: the collaborative part.</source>
        <translation>仅用于 blend：协同过滤部分。</translation>
    </message>
    <message>
        <source>Feature weight</source>
        <translation>特征权重</translation>
    </message>
    <message>
        <source>Augmented only: weight of the feature rows beside the interactions.</source>
        <translation>仅用于 augmented：特征行相对于交互的权重。</translation>
    </message>
    <message>
        <source>EASE L2 penalty (λ)</source>
        <translation>EASE 的 L2 正则化（λ）</translation>
    </message>
    <message>
        <source>EASE&apos;s λ (both methods).</source>
        <translation>EASE 的 λ（两种方法都用）。</translation>
    </message>
    <message>
        <source>A user&apos;s older items weigh exp(-r / recency) at scoring time (0 = order ignored).</source>
        <translation>打分时用户较早物品的权重为 exp(-r / recency)（0 = 忽略顺序）。</translation>
    </message>
    <message>
        <source>Caser (CNN over the sequence)</source>
        <translation>Caser（序列卷积神经网络）</translation>
    </message>
    <message>
        <source>A convolutional network reads the user&apos;s last items in order and predicts the next one (needs timestamps).</source>
        <translation>卷积神经网络按顺序读取用户最近的物品，并预测下一个（需要时间戳）。</translation>
    </message>
    <message>
        <source>Sequence length (L)</source>
        <translation>序列长度（L）</translation>
    </message>
    <message>
        <source>How many of the user&apos;s latest items the model reads.</source>
        <translation>模型读取用户最近的多少个物品。</translation>
    </message>
    <message>
        <source>Embedding size (d)</source>
        <translation>嵌入维度（d）</translation>
    </message>
    <message>
        <source>Length of the item and user vectors.</source>
        <translation>物品和用户向量的长度。</translation>
    </message>
    <message>
        <source>Horizontal filters</source>
        <translation>水平卷积核数</translation>
    </message>
    <message>
        <source>Filters per height 1..L that slide over the sequence.</source>
        <translation>每种高度 1..L 的卷积核个数，在序列上滑动。</translation>
    </message>
    <message>
        <source>Vertical filters</source>
        <translation>垂直卷积核数</translation>
    </message>
    <message>
        <source>Filters that weigh the L positions per embedding dimension.</source>
        <translation>对每个嵌入维度上的 L 个位置加权的卷积核。</translation>
    </message>
    <message>
        <source>Share of the convolution features hidden during training.</source>
        <translation>训练时随机遮盖的卷积特征比例。</translation>
    </message>
    <message>
        <source>Targets per window (T)</source>
        <translation>每个窗口的目标数 (T)</translation>
    </message>
    <message>
        <source>How many of the items that came next each window learns to predict (the paper&apos;s T).</source>
        <translation>每个窗口学习预测其后出现的几个物品（论文中的 T）。</translation>
    </message>
    <message>
        <source>Negatives per window</source>
        <translation>每个窗口的负样本数</translation>
    </message>
    <message>
        <source>Items the user has not had, sampled per training window.</source>
        <translation>每个训练窗口抽取的用户未交互过的物品数。</translation>
    </message>
    <message>
        <source>Penalty on the embeddings a batch touches.</source>
        <translation>对本批次用到的嵌入向量的惩罚（正则化）。</translation>
    </message>
    <message>
        <source>Adam&apos;s step size; too high diverges, too low crawls.</source>
        <translation>Adam 的步长；太大会发散，太小则进展缓慢。</translation>
    </message>
    <message>
        <source>Training windows per step.</source>
        <translation>每个训练步的训练窗口数。</translation>
    </message>
    <message>
        <source>Maximum passes over all windows.</source>
        <translation>遍历所有窗口的最大轮数。</translation>
    </message>
    <message>
        <source>Fixes initialisation, shuffling, dropout and negatives.</source>
        <translation>固定初始化、打乱顺序、Dropout 和负样本抽样。</translation>
    </message>
    <message>
        <source>Hold out each user&apos;s latest item, report HR@10/NDCG@10 every epoch, keep the best epoch and stop early.</source>
        <translation>为每个用户留出最近的一个物品，每轮报告 HR@10/NDCG@10，保留最好的一轮并早停。</translation>
    </message>
    <message>
        <source>Epochs without improvement before stopping early.</source>
        <translation>早停前允许没有提升的轮数。</translation>
    </message>
    <message>
        <source>Validation metric that picks the best epoch.</source>
        <translation>用来挑选最好一轮的验证指标。</translation>
    </message>
    <message>
        <source>Leave last out</source>
        <translation>留最后一个（留一法）</translation>
    </message>
    <message>
        <source>Hold out each user&apos;s latest interaction (a seeded random one without timestamps); users with fewer than 2 interactions stay in train.</source>
        <translation>为每个用户留出最近的一次交互（没有时间戳时按随机种子随机选一次）；交互少于 2 次的用户全部留在训练集中。</translation>
    </message>
    <message>
        <source>Random hold-out</source>
        <translation>随机留出</translation>
    </message>
    <message>
        <source>Hold out a random share of all interactions (seeded).</source>
        <translation>随机留出全部交互中的一部分（按随机种子）。</translation>
    </message>
    <message>
        <source>Temporal</source>
        <translation>按时间</translation>
    </message>
    <message>
        <source>Hold out the latest share of every user&apos;s interactions by time (needs timestamps).</source>
        <translation>按时间留出每个用户最近的一部分交互（需要时间戳）。</translation>
    </message>
    <message>
        <source>Cold items</source>
        <translation>冷启动物品</translation>
    </message>
    <message>
        <source>Hold out every interaction of a random 10 % of the items: only models that read item features (content-based, hybrid) can rank them.</source>
        <translation>留出随机 10% 物品的全部交互：只有读取物品特征的模型（基于内容、混合）能给它们排序。</translation>
    </message>
    <message>
        <source>Seed example</source>
        <translation>入门示例</translation>
    </message>
    <message>
        <source>The seed article&apos;s table: 3 users × 5 items, implicit.</source>
        <translation>入门文章中的表格：3 个用户 × 5 个物品，隐式反馈。</translation>
    </message>
    <message>
        <source>Movie night (small)</source>
        <translation>电影之夜（小）</translation>
    </message>
    <message>
        <source>Made-up films rated 1-5 by 50 people with taste groups; ~400 ratings.</source>
        <translation>虚构电影，由 50 位分属不同口味群体的观众打 1–5 分；约 400 条评分。</translation>
    </message>
    <message>
        <source>Movie night (medium)</source>
        <translation>电影之夜（中）</translation>
    </message>
    <message>
        <source>Made-up films: 1,000 users × 1,500 films × ~100k ratings, long tail.</source>
        <translation>虚构电影：1,000 个用户 × 1,500 部电影，约 10 万条评分，长尾分布。</translation>
    </message>
    <message>
        <source>Show me overfitting</source>
        <translation>演示过拟合</translation>
    </message>
    <message>
        <source>Movie night, a large MLP, no dropout, no L2, no early stopping: watch the training loss fall while the validation loss climbs.</source>
        <translation>电影之夜数据，一个大的多层感知机，不用 Dropout、不用 L2 正则化、不早停：观察训练损失下降而验证损失上升。</translation>
    </message>
    <message>
        <source>Cure it</source>
        <translation>治好它</translation>
    </message>
    <message>
        <source>The same data with a small network, dropout 0.5, L2 and early stopping: the two losses stay together.</source>
        <translation>同样的数据，换成小网络，Dropout 0.5，加 L2 正则化和早停：两条损失曲线保持一致。</translation>
    </message>
    <message>
        <source>Interaction data (*.csv *.tsv *.txt *.dat *.data *.json *.zip);;All files (*)</source>
        <translation>交互数据 (*.csv *.tsv *.txt *.dat *.data *.json *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>PCA (instant)</source>
        <translation>PCA（即时）</translation>
    </message>
    <message>
        <source>t-SNE (scikit-learn, slower)</source>
        <translation>t-SNE（scikit-learn，较慢）</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>
&lt;h3&gt;RecLab in five steps&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Data&lt;/b&gt; — start from the seed example, pick one of the &lt;i&gt;Samples&lt;/i&gt;, or open your own
file (File ▸ Open: CSV/TSV of user, item[, rating][, timestamp], MovieLens folders or zips).
The &lt;i&gt;Table&lt;/i&gt; tab shows who interacted with what; edit it (click or type), undo with Ctrl+Z.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Model&lt;/b&gt; — in the left column choose a model and its settings; hover a setting to read
what it does.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Train&lt;/b&gt; — press Train (Ctrl+T). The &lt;i&gt;Training&lt;/i&gt; tab shows a neural model learn,
batch by batch; Stop (Ctrl+.) ends that training only.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Recommendations&lt;/b&gt; — pick a user and read the top-K list; select a row to read in full
why it was recommended. Edit the table and the list follows (models that cannot fold in edits
say they must be retrained).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Evaluation&lt;/b&gt; — Evaluate (Ctrl+E) hides each user&apos;s latest item, trains a fresh model on
the rest and checks whether the model ranks the hidden item in its top K (HR@K, NDCG@K). Every
run is a row of the comparison, with the data it ran on.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;File ▸ Save Model… keeps a trained model; File ▸ Open Model… brings it back, also one saved by
the command line (&lt;code&gt;python -m core&lt;/code&gt;).&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;五步上手 RecLab&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;数据&lt;/b&gt;——从入门示例开始，或选择一个&lt;i&gt;示例&lt;/i&gt;数据集，或打开你自己的文件（文件 ▸ 打开：包含 user、item[、rating][、timestamp] 的 CSV/TSV，MovieLens 文件夹或 zip）。&lt;i&gt;表格&lt;/i&gt;标签页显示谁与什么发生过交互；可以直接编辑（单击或输入），用 Ctrl+Z 撤销。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;模型&lt;/b&gt;——在左栏选择一个模型及其参数；把鼠标悬停在参数上可以看到说明。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;——点击“训练”（Ctrl+T）。&lt;i&gt;训练&lt;/i&gt;标签页会逐批次显示神经网络模型的学习过程；“停止”（Ctrl+.）只结束这一次训练。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;推荐&lt;/b&gt;——选择一个用户，查看前 K 个推荐；选中一行可以看到推荐它的完整理由。编辑表格后列表会跟着更新（无法直接纳入编辑的模型会提示需要重新训练）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;评估&lt;/b&gt;——“评估”（Ctrl+E）为每个用户隐藏最近的一个物品，用其余数据训练一个新模型，再检查模型能否把隐藏的物品排进前 K 名（命中率 HR@K、归一化折损累计增益 NDCG@K）。每次运行都是对比表中的一行，并注明所用的数据。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;文件 ▸ 保存模型… 可以保存训练好的模型；文件 ▸ 打开模型… 可以重新载入，也能载入命令行（&lt;code&gt;python -m core&lt;/code&gt;）保存的模型。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>RecLab guide</source>
        <translation>RecLab 指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>metrics</name>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{total}</source>
        <translation>第 {epoch}/{total} 轮</translation>
    </message>
    <message>
        <source>batch {batch}/{total}</source>
        <translation>批次 {batch}/{total}</translation>
    </message>
    <message>
        <source>ETA {soonest} to {latest}</source>
        <translation>预计剩余 {soonest} 至 {latest}</translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <translation>预计剩余 {time}</translation>
    </message>
    <message>
        <source>epoch ETA {time}</source>
        <translation>本轮预计剩余 {time}</translation>
    </message>
    <message>
        <source>estimating time left…</source>
        <translation>正在估算剩余时间…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>summary</name>
    <message>
        <source>{users} users × {items} items · {count} rating · explicit</source>
        <translation>{users} 个用户 × {items} 个物品 · {count} 条评分 · 显式反馈</translation>
    </message>
    <message>
        <source>{users} users × {items} items · {count} ratings · explicit</source>
        <translation>{users} 个用户 × {items} 个物品 · {count} 条评分 · 显式反馈</translation>
    </message>
    <message>
        <source>{users} users × {items} items · {count} interaction · implicit</source>
        <translation>{users} 个用户 × {items} 个物品 · {count} 条交互 · 隐式反馈</translation>
    </message>
    <message>
        <source>{users} users × {items} items · {count} interactions · implicit</source>
        <translation>{users} 个用户 × {items} 个物品 · {count} 条交互 · 隐式反馈</translation>
    </message>
</context>
</TS>
