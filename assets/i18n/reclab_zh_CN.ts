<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>item similarities</source>
        <translation>正在计算物品相似度</translation>
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
        <source>EASE: item Gram matrix</source>
        <translation>EASE：物品 Gram 矩阵</translation>
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
        <source>Which neighbours count: each one&apos;s top-k, the reverse, or only mutual ones.</source>
        <translation>哪些近邻参与计算：各自的前 k 个、反向，或只取互为近邻的。</translation>
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
        <source>How fast a user&apos;s older items lose weight: exp(-r / recency), r = later timestamps (0 = all items count equally; needs timestamps).</source>
        <translation>用户较早的物品权重衰减得多快：exp(-r / recency)，r = 之后的时间戳个数（0 = 所有物品同等重要；需要时间戳）。</translation>
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
        <source>Interaction data (*.csv *.tsv *.txt *.dat *.data *.json *.zip);;All files (*)</source>
        <translation>交互数据 (*.csv *.tsv *.txt *.dat *.data *.json *.zip);;所有文件 (*)</translation>
    </message>
</context>
</TS>
