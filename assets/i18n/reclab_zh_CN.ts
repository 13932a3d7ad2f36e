<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
</context>
</TS>
