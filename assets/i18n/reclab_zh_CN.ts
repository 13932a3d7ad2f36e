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
