"""Writes docs/BENCHMARKS.md from every part's JSON under benchmarks/results/."""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, RESULTS, load_results

PARTS = ("accuracy", "speed", "loading", "scale", "app", "stop", "sweep", "maps", "shapes",
         "caser_tuning", "growth")
LIBRARIES = ("numpy", "scipy", "scikit-learn", "pandas", "tensorflow", "keras", "implicit",
             "PySide6_Essentials", "pyqtgraph")
FINDINGS = [
    "Causes found (analysis of the 2026-11-28 10:06 UTC run, Intel Xeon, 2 cores; an earlier "
    "run on a 2-core AMD EPYC measured the CPU-bound timings 20-40 % lower throughout):",
    "- CF speed vs implicit (NOT MET, ratio ~1.9): implicit's CosineRecommender keeps K = 20 "
    "neighbours per item and computes them in multi-threaded C++; RecLab's defaults keep more "
    "(item-knn k = 100 with recency weighting; user-knn k = 50 over a user-user similarity, "
    "6,040² pairs against implicit's 3,706² item pairs) with scipy and numpy. Measured floor "
    "here: the item-item Gram product alone as one dense float32 BLAS call takes 0.30-0.37 s "
    "of implicit's 0.57 s total, and the top-100 per item 0.1 s more. Already done then: "
    "float32, dense products for the densest rows, a cheaper top-k, ranking inside the batch "
    "workers with BLAS single-threaded there (on this machine: ratio 2.4-2.7 -> 1.9). Since "
    "then a compiled kernel is allowed and used (issue 11, next finding); the part 2 rows were "
    "re-run on 2026-12-02 13:45 UTC, quiet, with it (ratios 1.64 user-knn / 1.59 "
    "item-knn at the defaults, which keep more neighbours, k = 50 / 100, than implicit's "
    "K = 20; part 'shapes' compares like with like). Every timing of that run is 1.3-1.7x the "
    "same part's at 11:17 UTC (implicit 0.52 -> 0.70 s, NeuMF's epoch 7.7 -> 13.2 s): the "
    "machine, not the code — the code of 11:17 re-run at 14:05 UTC gave 14.0 s per NeuMF "
    "epoch; see 'memory pages' below.",
    "- Fixed in this run: NeuMF's epoch (XLA-compiled step, one batch shape: 9.6 -> 8.4 s for "
    "the first epoch, later epochs 6.4 s); the GUI stall when TensorFlow is first imported "
    "(221 -> 25-34 ms over four runs: TensorFlow's C++ libraries are loaded through libc's "
    "dlopen without the GIL, and the garbage collector is paused during the import, "
    "`core.models.neural.backend`); "
    "steady stalls while training (p99 27 -> 14 ms on this machine: painting the plot axes was "
    "most of each frame; the epoch axis now widens in steps of 2, 4, 8 … up to the planned "
    "epochs instead of auto-ranging, so axes are repainted only at a step).",
    "- Fixed since the first run: cold start (3.2 s -> 0.6 s: pandas and scikit-learn are no "
    "longer imported at start, bytecode is compiled at install); MLP and NeuMF accuracy "
    "(recency-weighted input/targets and positives); the crash on exit after NeuMF training "
    "(PySide6 6.12.0 dropped a reference to None on every void Qt call; pinned < 6.12).",
    "- Order-free and order-aware models are in separate tables (accuracy part, run 2026-12-02 on "
    "2 cores shared with other jobs, so its fit times are inflated several-fold): item-knn's and "
    "the neural models' lead over the peers came from recency weighting, an order signal "
    "leave-last-out rewards. Since this run leave-last-out breaks timestamp ties by the last "
    "input line, the yardstick's rule (docs/METRICS.md; a seeded random tie-break before), which "
    "reproduces the published popularity 0.086, EASE 0.145 and EASE + recency 0.211 exactly. "
    "With recency off item-knn (0.106), MLP (0.138) and NeuMF (0.126) trail EASE (0.145 HR@10), "
    "so the peer comparisons above read NOT MET; given the same signal, EASE reaches 0.211 "
    "HR@10.",
    "- Caser's defaults (part 'caser_tuning'; its rows re-run 2026-12-02 with `python -m "
    "benchmarks accuracy --models caser,ease`): candidates were scored on a validation fold of "
    "ML-100K's training part only, never on the test hold-out; 10 sampled negatives per window "
    "instead of the paper's 3 gave NDCG@10 0.131 vs 0.123 there (3 seeds each), while T = 3 "
    "targets, more patience, a higher learning rate, more L2 and training without the "
    "validation hold-out did not help. With it Caser (order used) reaches 0.227 HR@10 / 0.124 "
    "NDCG@10 at seed 0 and 0.223 ± 0.008 / 0.118 ± 0.007 over three seeds (before: 0.198 ± "
    "0.010 / 0.101 ± 0.009), above EASE + recency (0.211 / 0.115); trained on shuffled order it "
    "drops to 0.148. On ml-latest-small it rises from 0.039 to 0.066 HR@10, above popularity "
    "(0.041) but far below EASE + recency (0.110): 9,724 items of which 62 % have fewer than 5 "
    "ratings, so most item embeddings see few windows, and only 610 users give the early "
    "stopping a noisy signal; not tuned on that data.",
    "- Hybrid α (issue 12): `python -m core sweep --data ../shared/data/ml-100k --model hybrid "
    "--param alpha=0.5,0.7,0.8,0.9,0.95,1.0 --folds 5` gave NDCG@10 0.061, 0.068, 0.065, "
    "0.066, 0.067, 0.067 (± 0.009-0.012 over the folds): no setting beats the default 0.7 on "
    "validation, and α = 1 (EASE alone) is level with it, so the blend's warm accuracy (0.133 "
    "HR@10 on the test vs EASE 0.145) is within noise of the choice; its value is the cold "
    "items (0.469 HR@10 on the cold-item split, where EASE scores 0).",
    "- Since issue 11 (part 'shapes'): a compiled kernel is allowed and used — sparse_dot_topn "
    "(`core.models.knn_kernels`: precompiled sparse product with top-n per row; nothing compiled "
    "on the user's machine, first use ~0.04 s, a few MB; it replaced numba, whose first compile "
    "took 8-45 s and whose LLVM cost ~100 MB), chosen per batch by estimated cost against the "
    "dense BLAS path, with the scipy path as a tested fallback. It holds the GIL for a whole call, "
    "which mattered twice (found 2026-12-02): kNN's batches on two worker threads ran one at a "
    "time, so each call now splits its rows over the cores with OpenMP, rows dealt by cost "
    "(user-kNN fit + top-10 for everyone on the shop shape: 60 s -> 27 s quiet); and the window "
    "froze while kNN trained in the app (a 312 ms stall on the shop shape), so the app asks for "
    "calls of ~15 ms (`core.gil_budget`; scripts keep whole batches) and kNN on the kernel runs "
    "one worker thread ('the window while kNN trains'). item-kNN's defaults check orientation and "
    "recency on held-out training items at fit time (`core.models.knn_auto`, 0.05-0.2 s), which "
    "makes them at least as accurate as implicit's cosine on every shape measured; the speed "
    "tables show them beside item-kNN doing implicit's computation (reverse, recency off, no "
    "check). On the ML-1M shape the defaults (top-k scoring, the check) were at parity with "
    "implicit (1.02, 1.07, 0.99 over three quiet runs of 2026-12-02 morning); the overhead around "
    "the kernel (transposes, unit rows, costs computed twice, a stacked skip operand per call, the "
    "check's rebuilt matrices; ~19 ms of it page faults) was cut from ~195 to ~50 ms with "
    "identical results: 0.84-0.87 over four quiet rounds, 0.84 in this part's run of 2026-12-02 "
    "11:00 UTC and 0.65 in its run of 13:48 UTC (a slower state of the machine's memory that "
    "slowed implicit more). Under load (another process on a core) it reads 1.1-1.2: the kernel's "
    "static OpenMP schedule waits for a descheduled thread, where implicit's recommend is "
    "single-threaded. user-kNN there computes 6,040^2 user pairs (9.2e8 multiply-adds against the "
    "item model's 2.9e8): 2.7x implicit while a kernel cost of 6 ns per multiply-add sent it to "
    "the split scipy product, 1.3-1.5x since the cost model knows the kernel's accumulator fits in "
    "cache there (~1.5 ns); earlier runs read 1.35x only because implicit was timed on a busy "
    "machine. The CF speed rows of part 2 compare the defaults (k = 50 / 100) with implicit's K = "
    "20.",
    "- ETAs (part 'shapes', 'Progress'): a stage's ETA is the pace of its recent work (the "
    "work-weighted median pace of the intervals over the last 3/4 of the work; none until two "
    "intervals are timed), not a line from the start: evaluation, ALS and epochs start with "
    "slow batches (memory touched for the first time), which put linear extrapolation 50-200 % "
    "out. item-kNN's fit is weighted by each row's estimated work. Loading (since 2026-12-02 "
    "15:00 UTC): pandas converts the file in chunks between its reads, so the byte progress "
    "covers tokens and conversion; the reads come in cycles (~12 quick reads, then one that "
    "waits for a chunk's conversion) and the pace is taken over whole cycles from the end of "
    "the first (whose fresh memory made it 1.0-2.1x slower per byte), with no ETA until two "
    "have ended; the steps after the parse (coding the ids, building the matrix) are predicted "
    "as measured multiples of the parse by kind of table, including whether its rows are "
    "already in (user, item) order, which spares the build its sort (`core.io.load_progress`). "
    "The same work made loading itself 1.5-2x faster: the shop CSV (2·10^6 rows) 0.35-0.55 s "
    "(0.46-2.2 s before), text ids 0.63-1.07 s (1.7-2.0), the ML-1M shape 0.31-0.45 s (0.8-0.9); "
    "a 20M-row CSV 9.0 s and 1.8 GB (14.2 s, 3.3 GB). Worst ETA errors over the progress "
    "section's seven quiet runs of 2026-12-02 15:51-16:36 UTC (the loader changed between "
    "them; the last two on the final one): loading 4-45 % (shop), 3-28 % (shuffled rows; "
    "two runs under 0.3 s, too short to judge), 4-85 % (text ids), 5-20 % (timestamps; three "
    "runs too short or spent reading the disk), 5-78 % (text ids and timestamps); item-kNN "
    "fit 11-49 %, its top-10 1-56 %, user-kNN top-10 5-10 %, evaluation 3-15 %, MLP epochs "
    "5-42 %, ALS 7-133 %, EASE Gram matrix (3,706 items) 9-65 %, inverse 15-33 % (3,706) "
    "and 9-39 % (10,000), EASE memory (10,000) 6-29 %. The same item-kNN fit alone, three "
    "times in a row, was 13-14 % off; in the progress run of 16:36 its first batches ran "
    "1.5-1.8x as fast as its later ones (35 % off at its first ETA). Most stages are within "
    "30 % in most runs; each misses it in some run, and which one changes from run to run. "
    "Since 18:25 UTC item-kNN's fit keeps 0.06 of its bar (0.04 before) for preparing the "
    "scoring operand after its batches: that step took a share of 0.03 where another process "
    "had just freed memory and 0.07-0.12 in memory not used recently, and 0.04 left the ETA "
    "short near the end. Three runs of the section at 18:28-18:31 UTC: "
    "item-kNN fit 12-16 %, loading 3-8 % (shop), 6-31 % (text ids), 15-30 % (text ids and "
    "timestamps), evaluation 2-23 %, MLP epochs 4-39 %, ALS 3-18 %, EASE Gram matrix "
    "(3,706) 2-8 %, inverse 16-45 % (3,706) and 9-12 % (10,000), EASE memory (10,000) "
    "10-32 %, user-kNN top-10 4-7 %; each run missed 30 % on one or two stages, each time "
    "another. Then (18:36) EASE's inverse counts each BLAS/LAPACK call's multiply-adds times "
    "its routine's measured cost against dgemm (its first ETA had run 19-45 % high at 3,706 "
    "items: the factor's first blocks are mostly the slower triangular routines), and (18:40) "
    "loading's after-parse multiples were measured again (5 runs of each kind; text ids had "
    "come out ~10 % short). Two runs on that code (18:41-18:43 UTC): every stage of 0.5 s or "
    "more within 30 %, the worst 19 % (EASE inverse at 10,000 items), item-kNN fit 15-18 %, "
    "loading 15-16 % (text ids) and 4-11 % (text ids and timestamps), evaluation 3-17 %, MLP "
    "epochs 5-17 %, EASE inverse at 3,706 items 9 %. Three more runs on it (18:48-18:51) each "
    "missed on one or two stages: evaluation 36 %; item-kNN fit 30 % and MLP epoch 3 44 %; "
    "loading with text ids 44 %. At 18:56 the MLP's epoch progress began counting rows (its "
    "last batch is partial; counted as a whole one, the epoch ETA ran ~10 % high near the "
    "end); three runs after it (18:57-19:00): two with every stage within 30 % (worst 14 and "
    "16 %), one with item-kNN's fit 56 % off (1.07 s against its usual 0.8); user-kNN's fit, "
    "usually 0.1 s without progress of its own, took 0.52 s once. "
    "EASE's memory stage (10,000 items) was 64-86 % off in four of six runs at "
    "17:10-17:25: its first ~1.1 GB were written at ~2.4 GB/s, the rest at ~0.4 (see the "
    "memory pages finding): no pace measured inside the process foretells where the cheap "
    "pages end. Two runs at 19:50 and 20:11 UTC (after the MLP changes below): EASE's memory "
    "stage 84 and 85 % off again (1.35 and 0.99 s); every other stage of 0.5 s or more within "
    "30 % except loading with text ids once (32 %, 1.01 s against its usual 0.55); item-kNN "
    "fit 11-28 %, evaluation 3-5 %, MLP epochs 5-19 %, ALS 4-6 %, EASE inverse 7-14 %. In the "
    "second, user-kNN's fit took 0.45 s without progress, and loading with timestamps 0.6 s "
    "of which all but the last 0.2 s came before its first 10 % (the file read from disk), "
    "so it had no judged event. This machine's kernel reports freed memory to the host once "
    "up to 1 GiB of it waits (its page_reporting module's `max_waiting_mib` is 1024), which "
    "fits the ~1.1 GB of cheap pages seen; touching 1.2 GiB in a fresh process took 0.29-3.1 "
    "s in four runs a minute apart (20:16 UTC), with one or two threads alike. The section's "
    "run recorded above (20:26 UTC): every stage within 30 % but loading with text ids (40 %); "
    "EASE's memory stage 12 % that time. Loading with text ids, 12 more runs of its task "
    "alone (20:28-20:30 UTC): 8-55 %, three of them over 30 %. Traced: the worst events come "
    "during the parse, whose pace is timed over only one or two conversion cycles on this "
    "1-million-row file and multiplied by ~3.7 for what follows it and is not yet measured "
    "(coding the text ids is ~60 % of the load); a third cycle 20 % slower than the first two "
    "put the ETA 55 % high. Tried (21:00 UTC): reading text id columns as pandas categoricals, "
    "hoping pandas would code each chunk between its reads; it converts them after the last "
    "read instead (that part became 1.9x the reads' time), and the load took 0.66-0.69 s "
    "against 0.59-0.66: not kept. Also tried (21:15 UTC): reading such a table in 16 parts and "
    "coding its ids part by part (tested equal to the plain reader), so that the parse's "
    "measured pace covers the coding: coding after the parse fell to 0.13 s, but the parse "
    "grew to ~0.49 s (merging each part's ids rebuilt a hash of every id seen so far), and "
    "the load took 0.75-0.81 s against 0.59-0.69 (5 runs): not kept, a 20 % slower load for "
    "an ETA. A persistent hash table across parts (pandas has one, but not as public API) "
    "would be the way. Two last runs of the section on the final code (21:19 and 21:20 UTC): "
    "the first with every stage of 0.5 s or more within 30 % (worst 28 %: item-kNN fit, MLP "
    "epoch 1); the second with item-kNN's top-10 for all users 92 % off (0.73 s against its "
    "usual 0.3-0.47) and loading with text ids 37 %, the rest within 30 %.",
    "- Memory pages (found 2026-12-02 13:30 UTC): this machine is a virtual machine whose host "
    "backs its memory lazily and takes freed memory back within seconds (virtio free page "
    "reporting). Writing a page for the first time then costs ~2.5 s per GiB, against "
    "0.13 s per GiB for a page freed a moment ago (`np.ones` of 1 GiB: 2.8 s, then 0.13 s; "
    "after 60 s idle 3.1 s again; a 16 GiB write took 46 s; at the progress runs of "
    "15:16-16:23 UTC 2.4-3.3 s the first time and 0.13-0.18 s reused, but in one run the "
    "reused write too cost 2.3 s per GiB). This, not huge-page compaction as written here "
    "before, is why loads and EASE's Gram matrix took 0.38-0.54 s or 0.2-1.8 s from run to "
    "run, and why a stage's pace can change ~10x mid-way, as its allocations move from reused "
    "pages to fresh ones — a change no estimator can see coming. The progress table's note "
    "gives both costs at each run. EASE writes its Gram matrix's and weights' memory first, in "
    "a stage of its own ('EASE: memory for the item matrices', progress by bytes, "
    "`core.touched_memory`); its Gram matrix at 10,000 items then takes 0.10-0.15 s (was "
    "0.33-2.6 s) and the inverse runs at an even pace. That memory stage itself (1.2 GB at "
    "10,000 items) took 0.53-0.68 s in the eight runs of 15:16-16:23 UTC (6-29 % off), but "
    "0.75-3.0 s in others (52-84 % off: it starts on pages the process freed just before, "
    "then runs into fresh ones). Loading is hit the same way: what follows its last read "
    "(the last chunk, coding, building) took 0.56-1.24x its calibrated multiple of the reads' "
    "time over 24 recorded loads of six kinds of table (15:58 UTC), which no estimate made "
    "during the parse can know.",
    "- EASE's inverse (since 2026-12-02 14:00 UTC) runs as LAPACK's own blocked algorithms "
    "written out (potrf, trtri, lauum over ~8 column blocks of 128-1,024; BLAS and LAPACK "
    "through SciPy's Cython tables, GIL released; `core.models.spd_inverse`), so the "
    "multiply-adds done are known after every call and its ETA is a measured pace. Before, it "
    "was two single calls, the last ~7 s at 10,000 items predicted from the first's time by a "
    "ratio that varied 1.8-2.3 between processes: 84-149 % off in half the runs. Now, over "
    "four runs: 11-25 % at 10,000 items, 9-25 % at 3,706, the Gram matrix at 3,706 8-23 %; "
    "as fast as the single calls (EASE's whole fit at 10,000 items 13.0-13.2 s both ways, "
    "2.2-2.3 s vs 2.4-2.5 s at 3,706, side by side).",
    "- The GIL, again (2026-12-02): SciPy's Python LAPACK wrappers (`scipy.linalg.inv`, "
    "`scipy.linalg.lapack`) hold it for the whole call, so the window froze while EASE "
    "inverted its Gram matrix (745 ms on the ML-1M shape, quiet; seconds on wider catalogues). "
    "EASE now calls the same LAPACK through SciPy's `cython_lapack` table with ctypes, which "
    "releases it, and through the Cholesky factor (half the arithmetic of LU, in place): "
    "EASE's fit on the ML-1M shape 2.8 -> 1.2 s (quiet), max stall ~5 ms ('the window while a "
    "model trains'). Its Gram matrix is built by row parts (X[:, part]^T X) instead of user "
    "parts scattered by fancy indexing (~3x faster). Also found: evaluation's 1,024 x items "
    "float64 score blocks (400 MB on the shop shape) are now blocks of at most 8 M scores "
    "(2 M in the app), and `top_k` fills rows whose k-th best ties with most of the row "
    "(user-kNN: unscored items at 0) from the tie in index order instead of sorting it: "
    "evaluating user-kNN on the shop shape in the app covers ~89,000 users in 60 s "
    "(~20,000 before) with a max stall of 17 ms.",
    "- MLP on the 20,000-item long tail (issue 11, `benchmarks/mlp_wide.py`; profiled at "
    "load ~10 on the shared 2 cores): an epoch cost ~5.6-7.7 CPU s, of which the training "
    "steps ~3.3 (Keras Adam's ~10 element-wise passes over two 12 M-weight kernels: ~90 ms of "
    "~220 ms per step; the L2 term through autodiff; a dense batch × items target), the "
    "validation ranks and loss ~1.4 (float64 copies of the 2,000 × 20,000 scores) and scoring "
    "~0.9. Now: fused Adam, the L2 gradient added by hand, a sparse target, ranks and log-sum-"
    "exp without copies: ~3.1 CPU s per epoch (wall: ≥ 1.6 s with both cores free, 3.1-3.3 s "
    "measured at load ~5, ~8 s at load 11), with the same validation metrics epoch by epoch. "
    "What remains is the output layer's three batch × 600 × 20,000 products per step (~0.9 "
    "CPU s per epoch), Adam's pass "
    "over 24 M weights (~0.3) and scoring every item for validation (~0.4). Early stopping "
    "needs 31 epochs there (best 21), so the whole fit is ~100 CPU s (≥ 50 s with both cores "
    "free; 180-250 s measured on the shared machine). Measured quiet at 05:53 UTC: the whole "
    "fit 57.7 s wall, 91 CPU s. Re-run at 17:45 and 17:48 UTC (quiet, load ~1.2): 79.6 and "
    "81.5 s, 129-133 CPU s, with the same 31 epochs and metrics; the code of 05:53 (commit "
    "64975c8) run at 17:50 took 77.6 s. The machine's cores gave ~1.4x less work per CPU "
    "second than in the morning (as part 'speed' saw at 14:15 UTC), so on the same code the "
    "≤ 60 s target is met on the morning's machine and missed on the evening's. Then "
    "(19:35-20:00 UTC) four changes that keep the model and its numbers (the same 31 epochs, "
    "validation metrics and ML-100K accuracy to every digit): the validation users' logits "
    "and each row's log-sum-exp come from one compiled call into one buffer kept for the fit "
    "(a new 160 MB array each epoch, and the loss's own log-sum-exp pass, cost ~0.2 s per "
    "epoch); the multinomial loss's gradient is written out (m·softmax − t: one pass instead "
    "of autodiff's three through log_softmax and gather_nd, ~3 ms of a ~90 ms step); the "
    "validation ranks find the seen cells once per fit (~40 ms per epoch); the best epoch's "
    "weights are copied into arrays kept for the fit (Keras's get_weights() wrote 96 MB of "
    "new memory, ~150 ms, at every improving epoch). Section 'mlp' at 19:43, 19:55, 20:02 and "
    "20:13 UTC: 65.8, 61.3, 65.8 and 69.4 s, 106-119 CPU s, from the same code or nearly: the "
    "machine's pace moved ~10 % within the hour; the run recorded above (21:03 UTC, load 1.9 "
    "at its start) 70.5 s, 121 CPU s. Side by side, alternating (20:16-20:20 UTC, "
    "the same script on both trees): the code of stop 22 (6d908dd) 71.9 and 72.7 s, this code "
    "69.7 and 68.7 s, ~4 % less. Still NOT MET on tonight's machine. What remains is the "
    "arithmetic: ~195 GFLOP per epoch (the output layer's three 128 × 600 × 20,000 products "
    "per step, 16 steps, and scoring 2,000 users for validation) at ~50 GFLOP/s per core, "
    "plus the L2 term and Adam over 24 M weights (~16 ms of the step). Tried and left: the "
    "output kernel's gradient through an explicit transpose (25 vs 34 ms alone, no gain in "
    "the step), the first layer through a gather (gradient rows instead of a dense 20,000 × "
    "600 one: within noise), TensorFlow's BFC allocator and one inter-op thread (no change), "
    "a hidden layer of 400 (ML-100K as accurate, 0.182 / 0.098 over seeds 0-2, but the long "
    "tail needed 39 epochs: 57.9 s, NDCG@10 0.068 against 0.069; 200 lost accuracy on "
    "ML-100K: 0.168 / 0.090), and bfloat16 products (this CPU has avx512_bf16: the output "
    "layer's products 1.4-2.7x faster alone; in the training step only, with scoring and "
    "validation in float32, the whole fit took 59.1 s at 20:22 UTC against ~69 s, the same 31 "
    "epochs, best validation NDCG@10 0.0685 against 0.0695). Not landed: the model's numbers "
    "would then depend on the processor (float32 elsewhere), for ~14 %. 2026-12-03: section "
    "'mlp' at 03:11 UTC, the same code, 72.1 s (31 epochs, 125 CPU s). Timed alone, the "
    "output layer's products run at ~160 GFLOP/s on the two cores, ~75 % of their peak: the "
    "step (~110 ms) is ~58 ms of products, ~18 ms of Adam, the L2 term and the first layer's "
    "dense gradient; fusing the L2 term and Adam under XLA gave no gain. Other defaults, one "
    "fit each (whole fit on the long tail; test HR@10 / NDCG@10 on its leave-last-out split): "
    "defaults 71.5 s, 0.112 / 0.0696; batch 256 74.8 s (40 epochs), 0.111 / 0.0678; hidden 400 "
    "59.8 s (39 epochs), 0.111 / 0.0680; learning rate 2e-3 47.9 s (21 epochs), 0.111 / "
    "0.0682; 3e-3 41.1 s (17 epochs), 0.114 / 0.0683. But on ML-100K (seeds 0-2) learning "
    "rate 2e-3 gave 0.175 / 0.094 and 3e-3 0.178 / 0.095, against 0.181 / 0.097: outside "
    "'unchanged within noise', so the default stays 1e-3 and the target stays NOT MET. A "
    "shape-chosen learning rate (wide sparse catalogues only) would meet it; that is a "
    "product decision, not taken here.",
    "- MLP on the long tail, 2026-12-03 06:00-06:40 UTC: bfloat16 products landed after all, as"
    " a setting of the model ('Training precision', `core/models/neural/precision.py`): auto = "
    "bfloat16 only where the CPU multiplies it natively (x86 avx512_bf16 or AMX), float32 "
    "elsewhere, and a user who wants numbers independent of the processor picks float32, saved "
    "with the model. Only the training step's output-layer products change; weights, Adam, the "
    "loss, validation and scoring stay float32. Same machine, back to back: float32 60.5 and "
    "60.9 s, bfloat16 54.5 and 52.0 s (31 epochs each; the steps 1.48 -> 1.19 s per epoch). "
    "ML-100K, seeds 0-2: 0.183 / 0.098 with bfloat16 against 0.181 / 0.097 in float32. All "
    "14 whole fits of this code today (06:02-07:30 UTC) took 52.0-65.4 s, 8 of them <= 60 s "
    "(the run recorded above: 59.0 s); the machine's pace moved ~20 % within the hour (a float32 "
    "fit took 74.8 s at 07:20): the target is met on this machine in about half the runs, not "
    "in every one. Command of the A/B fits: `PYTHONPATH=. .venv/bin/python -m benchmarks.child "
    "benchmarks.mlp_wide:fit_on_shape '{\"name\": \"long-tail\"}'` (float32: with "
    "'\"precision\": \"float32\"' added). Profiled (TensorFlow's profiler, one epoch's 16 steps): "
    "the step is bound by memory bandwidth more than arithmetic; each pass over a 12 M-weight "
    "kernel costs ~8 ms on the 2 cores, and a step makes ~10 of them (the L2 terms, Adam, the "
    "casts, the first layer's dense gradient). Tried and not kept: the first layer as a gather "
    "and a segment sum (3-6 ms against 8-15 ms for tf.sparse's product), its sparse gradient "
    "and every L2 term added in one XLA-compiled pass (8.0 ms against 17.6 ms alone); side by "
    "side the whole fits took 57.7 and 58.1 s against 54.9 and 62.5 s without, and in three "
    "more alternating pairs (07:24-07:30 UTC) 66.6, 57.8, 54.5 s against 63.6, 59.9, 57.6 s "
    "(CPU 118, 103, 98 s against 107, 101, 98): no gain. In the app (offscreen, a real event "
    "loop) the same fit took 73.4-75.4 s with bfloat16 and 85.1 s in float32 at ~07:10 UTC, "
    "71.5 s with the window hidden, and in core right after 66.3 s (in a thread) and 71.0 s: "
    "the app's cost over core is small against the machine's drift. The L2 term and Adam "
    "fused by XLA: 14.0-15.6 ms against 16.8 ms alone, "
    "not worth it.",
    "- user-kNN's fit (2026-12-03 07:00 UTC): in its default top-k mode it only builds lookup "
    "structures, five O(interactions) steps with no progress of their own: 0.6 s on the shop "
    "shape, 1.2 s on ML-20M × 0.25, 1.1-5.8 s on the ML-20M shape (2 GB of new memory, so its "
    "time is mostly the VM's first touch of pages, 2.3 s per GiB, or not). It now reports each "
    "step (`core.progress_eta.StepMeter`, shares measured on those three shapes: 0.17, 0.10, "
    "0.11, 0.27, 0.35) and stops between them. Its ETA is judged on the ML-20M shape (task "
    "`eta_user_knn`): 57 % off in the section's run recorded above (5.8 s), 51-91 % in three "
    "runs before it (5.7, 1.2 and 3.7 s), because which steps meet fresh pages changes from run"
    " to run and so do their shares (the first step 0.04-0.21 of the time, the last 0.35-0.57)."
    " An honest bar, not yet an ETA within 30 %.",
    "- Off the calibration shapes (2026-12-03, issue 11's 'never tune only to one shape'): "
    "loading's ETA was calibrated on short ids ('u12'); on a click log with 32-hex-digit "
    "visitor ids and product URLs (10^6 rows, rows unordered: load kind 'text-long') it was "
    "75-123 % off in four runs, because coding the ids, ~60 % of such a load, was predicted "
    "as a fixed multiple of the parse. Ids written as text are now read a chunk of 65,536 "
    "rows at a time and each chunk's ids coded as it comes (`core.io.ids.TextIdCoder`: each "
    "chunk factorised by pandas, the chunks' distinct values merged once at the end), so the "
    "parse's measured pace covers the coding: 15-24 % on that log (four runs), loads as fast "
    "(text ids 0.64-0.85 s against 0.65-0.80; the log 1.43-1.49 s against 1.42-1.62). On the "
    "short-id tables the worst errors stay where they were (text ids 9-59 %, text ids with "
    "timestamps 10-58 %, about a quarter of the runs over 30 %): a 0.6 s load is judged on "
    "events a few tens of ms apart, and a slow run there is slow in its tail (memory). A table "
    "as RecLab saves it, with each item's title and genres on every row (the ML-1M shape, load "
    "kind 'titled'), spent ~1 s of its 1.4 s stripping every row's title and genres and "
    "looping over them in Python, unseen by the ETA (78-84 % off): only each item's first row "
    "(and, for items whose first row has none, their other rows) is read now — 0.54-0.66 s, "
    "27-65 % off (the parse's first cycles vary). ALS on the ML-20M shape × 0.25 (5·10^6 "
    "interactions) took 100 s, with its first progress after 10.8 s (an event per iteration): "
    "its conjugate-gradient steps wrote (stored cells × factors) temporaries of 1.3 GB each, "
    "memory written for the first time at every step. Blocks of ~32,000 stored cells on the "
    "two worker threads give the same factors (max difference 0) at 1.9-2.2 s per iteration "
    "instead of 10-12 (ML-1M shape 0.57-0.76 s instead of 0.83-2.2; shop fit ~20-25 s "
    "instead of 57 s), with progress and a stop between blocks. Its ETA is timed over whole "
    "iterations from the end of the first (which pays one-off costs) and counts down between "
    "them, while the bar moves with the blocks (each part of an iteration, users' solve, "
    "items' solve and loss, given its share of the previous iteration's time): 5-28 % off on "
    "the long tail in 11 runs, 7 % on ML-1M, 20 % on the shop shape; timed over the parts "
    "themselves (~35 ms each on the long tail) it had been 11-78 %. Top-10 for every user of "
    "a dense scorer spent most of its time comparing every score with a per-row bound (14 s "
    "of ALS's 28 s on the shop shape, 100,000 × 50,000): now only the column groups whose maximum "
    "beats the bound are read, 12.8 s. Part 'growth' re-run for ALS (04:17-04:27 UTC): fit "
    "11.6 s at 10^6, 24 s at 2·10^6 and 139 s at 10^7 (1.2 GB; 69 s and 1.5 GB at 2·10^6 "
    "before), so ALS now stops between 10^7 and 2·10^7 (docs/SCALING.md). The progress section "
    "on the final code (04:31 UTC): every stage of 0.5 s or more within 30 % but the long-id "
    "load (51 %; 16-27 % in five runs of it alone right after) and EASE's memory stage at "
    "10,000 items (85 %, the machine's memory pages, see below). Tried and not kept: ALS's "
    "fold-in as one batched solve per block of rows (each row's Yᵀ diag(c) Y summed from its "
    "cells' outer products): 16.8 s for the shop shape's 100,000 users against 3.3 s for a "
    "solve per row (the outer products write cells × factors² numbers; BLAS forms each row's "
    "product without them). Found in the app: the training view said ALS 'is not trained in "
    "epochs, so there is no loss curve', although ALS reports its loss after every iteration; "
    "it now plots it live (`ModelInfo.loss_per_epoch`). Commands (2026-12-03): loads and "
    "their ETAs `PYTHONPATH=. .venv/bin/python -m benchmarks.child "
    "benchmarks.eta_tasks:eta_load '{\"kind\": \"text-long\"}'` (kinds text, text-timed, "
    "titled alike), their steps `... benchmarks.eta_tasks:load_steps '{\"kind\": "
    "\"text\"}'`, ALS's ETA `... benchmarks.eta_tasks:eta_als '{\"shape\": "
    "\"long-tail\"}'` (shapes ml-1m and shop alike), ALS's growth `.venv/bin/python -m "
    "benchmarks.growth --models als`, the sections `.venv/bin/python -m benchmarks.shapes "
    "progress` and `... speed`. Timed with short scripts not kept in the repository, each in a "
    "fresh process: ALS per iteration from the epoch events of `create_model('als', "
    "iterations=3).fit(shape_table('ml-20m', 0.25))` (and the ML-1M shape, 15 iterations); "
    "top-10 as `recommend_all(10)` of `create_model('als', iterations=2)` fitted on "
    "`shape_table('shop')`, before and after on the same machine minutes apart; the MLP "
    "settings as `create_model('mlp', **settings).fit(shape_table('long-tail'))`, then the "
    "same fitted on `leave_last_out(data, seed=0).train` and `evaluate(model, split, k=10)`, "
    "and on ML-100K `benchmarks.accuracy.fit_and_evaluate('mlp', split, seed, "
    "settings=settings)` for seeds 0-2 (`benchmarks.tasks.shape_table`).",
    "- MLP on wide sparse catalogues (2026-12-03 08:25-09:00 UTC): a learning rate of 0.002 is "
    "now suggested for tables of 10,000 items or more under 1 % filled "
    "(`MLPConfig.suggested`, which the desktop form starts from; the command line now applies "
    "the same suggestions to the options not given and names them on stderr; the form marks "
    "such a field with • and its tooltip gives the default). Their items have 4-6 users each "
    "(~60 on ML-100K), and the network reached its best validation epoch in 10-11 epochs "
    "instead of 19-21, so early stopping ends at 20-21 epochs instead of 29-31. Test accuracy, "
    "leave-last-out with full ranking, seeds 0-2, defaults -> suggested: long tail HR@10 "
    "0.1103 -> 0.1115, NDCG@10 0.0682 -> 0.0685; events 0.1800 -> 0.1800, 0.1043 -> 0.1029 "
    "(section 'mlp'); planted 0.080 -> 0.081, 0.052 -> 0.052 (a one-off script). The whole "
    "fit in section 'mlp' at 08:50 UTC, a slow hour (2.1 s per epoch, 1.7-1.8 s in the "
    "morning): 48.7 s, and three more at 09:29-09:32 UTC 47.8, 46.1 and 46.3 s (21 epochs "
    "each); the defaults' fits in the same section took 68-74 s. ML-100K (1,682 "
    "items) is not wide: its settings and accuracy are untouched. Tried and not kept: 0.003 "
    "(17-19 epochs, but NDCG@10 0.0671 on the long tail and 0.1011 on events), batches of 64 "
    "(24 epochs of 3.8 s: 91 s), a patience of 5 for everyone (on ML-100K the validation "
    "NDCG@10 improved again after 9 epochs without, epoch 25 -> 34, so it would stop early).",
    "- user-kNN's fit (2026-12-03 08:35-09:05 UTC) wrote ~1.7 GB of new memory at 2·10^7 "
    "interactions: the similarity's input and the scoring table were two copies of the same "
    "values, explain's by-item view a third (the CSC), the compiled operands' stacked skip "
    "forms copied their float64 values, and two gathers made nnz-long temporaries. Now one "
    "table serves both, its transpose is both the similarity's right operand and explain's "
    "view, each stacked form shares its operand's values, and the gathers write in place "
    "(np.take with mode 'clip': its default 'raise' writes through a temporary as large as "
    "the output): peak 2.07 -> 1.39 GB on the ML-20M shape (1.54 GB in the 'progress' run "
    "recorded above, before the last change), the shop shape's fit 0.26 -> 0.10 s (peak "
    "294 -> 225 MB). At ML-20M the fit takes 0.65-4.5 s (5.3-5.8 s before): 0.65 s when the "
    "pages were freed by the previous run a moment before, ~3-4.5 s when they are fresh (see "
    "'Memory pages'). Its progress is now timed from the fit's start (the table's copy, "
    "0.05-0.55 s, is its first step) with shares re-measured: ETA error 29 % in the section's "
    "run, 18, 24, 31 and 36 % in four ~4 s runs and 84, 131 and 320 % in three fast ones "
    "(0.65-1.0 s), "
    "where cheap pages made the late steps shorter than their shares. Commands: "
    "`PYTHONPATH=. .venv/bin/python -m benchmarks.child benchmarks.eta_tasks:eta_user_knn "
    "'{\"shape\": \"ml-20m\"}'`, the sections `.venv/bin/python -m benchmarks.shapes mlp`, "
    "`... progress` and `... speed`.",
    "- Honest progress, where it ends (2026-12-03 11:00-11:17 UTC). Three runs of section "
    "'progress' (11:12-11:17; the first shared the cores with another job for part of its "
    "time; the last is recorded above): every stage of 0.5 s or more within 30 % in none of "
    "them. Misses: EASE's memory stage at 10,000 items 85, 87 and 86 %; user-kNN's fit at "
    "2·10^7 interactions 58, 42 and 64 %; loading 42 % (shop, run 1), text ids 46 %, "
    "long text ids 36 and 34 %, text ids with timestamps 40 %; MLP epoch 2 35 %; ALS 31 % "
    "(run 1). Within 30 % in all three: item-kNN's fit (17-18 %), evaluation (12-18 %), "
    "the EASE inverse at 10,000 items (8-15 %), its Gram matrix at 3,706 (5-12 %). The memory "
    "stage, traced part by part (1.2 GB in 36 parts of 32 MB, ten fresh processes a few "
    "seconds apart, 11:00-11:05 UTC): 0.60-3.21 s, with 0 to 26 of the parts written at the "
    "fresh-page pace (~110 ms each, against ~20 ms for the others). Three estimators "
    "replayed on those traces: the recent pace (the one used) 13-15 % off on the three runs "
    "with no fresh part and 84-87 % on the seven others; a prior of the fresh pace 13 % on "
    "the run that was mostly fresh and 66-550 % on the rest; the last part's pace 15-30 % and "
    "81-87 %. Whichever way it is estimated, a stage that moves from reused to fresh pages "
    "at a point nothing inside the guest announces is misjudged on one side of that point. "
    "The one way found to make that pace even was numpy's huge-page advice: every part "
    "fresh, 3.09-3.44 s in three runs against 0.60-1.19 s without it (three runs "
    "alternated with them): an even pace bought at three times the wait, not kept. The other "
    "misses are stages of 0.5-2 s judged on events tens of ms apart, where one stall of "
    "~60 ms on this 2-core machine is a 30 % error; which stage misses changes from run to "
    "run. Commands: `.venv/bin/python -m benchmarks.shapes progress`; the memory stage alone "
    "as `core.touched_memory.touched_zeros([((10000, 10000), np.float64), ((10000, 10000), "
    "np.float32)], on_fraction)` in a fresh process, timing each report.",
    "- NeuMF's optimizer (2026-12-03 11:20 UTC; issue 5's ≤ 10 s per epoch at the ML-1M "
    "shape). Keras's Adam, given an embedding's gradient as rows with repeats (a user met n "
    "times in a batch of 4,096), squares each row apart: its second moment held a sum of n "
    "squares, not the square of the summed gradient (checked against Keras's own Adam given "
    "the summed gradient: 0.0 difference without repeats, 0.01 with them). NeuMF now steps "
    "with `FusedAdam` (`core.models.neural.fused_adam`: TensorFlow's fused kernel on the "
    "summed gradient, tested equal to Keras's Adam on the sum). It learns better and "
    "faster: ML-100K full ranking, seeds 0-2, HR@10 0.152, 0.145, 0.159 -> 0.159, 0.149, "
    "0.161 and NDCG@10 0.076, 0.078, 0.083 -> 0.085, 0.079, 0.086 (side by side, one "
    "session); the accuracy rows of NeuMF re-run (`python -m benchmarks accuracy --models "
    "neumf`): order-free 0.126 / 0.065 -> 0.133 / 0.065, ml-latest-small 0.054 / 0.028 -> "
    "0.066 / 0.032 (order-aware) and 0.054 / 0.027 -> 0.057 / 0.026 (order-free). Its "
    "compiled step 6.5-7.0 -> 5.0-5.7 ms (a batch of 4,096, quiet), and the step compiles "
    "faster. Each epoch's negatives are tested against a byte per cell where users × items "
    "is at most 2^26 (0.37 -> 0.07 s per epoch at ML-1M; a sorted search beyond, as before; "
    "the same draws), and its rows are gathered once per epoch into arrays kept for the fit "
    "instead of per batch. First epoch (compiling included) / second, alternated in fresh "
    "processes at 11:32 UTC: before 13.5 / 9.4 and 15.0 / 11.9 s, now 10.7 / 9.6 and 11.0 / "
    "9.0 s. The first epoch's rows are now drawn while the step compiles (a thread each): the "
    "first batch starts at 2.11-2.37 s instead of 3.06-3.27 (three runs each, alternated). "
    "Part 'speed': 14.1 s at 11:30 UTC (a slow moment; fresh memory, see 'Memory pages'), "
    "10.5 / 8.9 s at 12:17 and 10.5 / 9.0 s at 12:21 with the overlap (recorded above): "
    "still over 10 s by half a second, the compiled step (~5 ms × 1,221 batches) being most "
    "of it. Command: `PYTHONPATH=. .venv/bin/python -m benchmarks.child "
    "benchmarks.tasks:neural_epochs '{\"model\": \"neumf\", \"shape\": [6040, 3706, "
    "1000000], \"epochs\": 2, \"negatives\": 4, \"cap_s\": 120}'`. Caser had the same "
    "optimizer (its item embeddings meet repeats in every batch) and steps with `FusedAdam` "
    "too. Side by side on ML-100K, seeds 0-2: HR@10 0.227, 0.229, 0.214 -> 0.226, 0.226, "
    "0.222 and NDCG@10 0.124, 0.120, 0.110 -> 0.125, 0.124, 0.112, fits as long (48-62 s). "
    "Its rows re-run (`--models caser`): seed 0 0.227 / 0.124 -> 0.226 / 0.125, three seeds "
    "0.223 / 0.118 -> 0.224 / 0.120, shuffled order 0.148 -> 0.147 HR@10, ml-latest-small "
    "0.066 / 0.034 -> 0.062 / 0.031 (one seed, 610 users: within its noise of ~0.01); every "
    "Caser target still met. Part 'caser_tuning' re-run with it (12:08 UTC, validation fold "
    "of the training part): 10 negatives still the best mean NDCG@10 (0.129, against 0.118 "
    "for 3 and 0.122 for 20); L2 1e-4 and training without the hold-out now beat 3 "
    "negatives at seed 0 (0.125 each against 0.119) but not 10, and were not tried with 10. "
    "A toy test (40 users walking a 12-item cycle) needed its learning rate raised from "
    "5e-3 to 1e-2: at 5e-3 the true Adam stopped early at epoch 8 with 15 of 40 users "
    "right; at 1e-2 37 of 40. Growth re-run for both (12:28-12:41 UTC, docs/SCALING.md): "
    "`.venv/bin/python -m benchmarks.growth --models neumf,caser`.",
]
COMMAND = "make bench   # or: .venv/bin/python -m benchmarks [PART ...]"


def machine_info() -> dict[str, Any]:
    """Cores, memory, CPU model, Python and library versions (read without importing them)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = importlib.metadata.version(lib)
        except importlib.metadata.PackageNotFoundError:
            versions[lib] = "not installed"
    return {
        "cores": os.cpu_count(), "memory_gb": round(mem_gb, 1) if mem_gb else None, "cpu": cpu,
        "os": platform.platform(), "python": platform.python_version(), "libraries": versions,
    }


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_table(tab: dict) -> list[str]:
    lines = [f"### {tab['title']}", ""]
    if tab["columns"]:
        lines.append("| " + " | ".join(_cell(c) for c in tab["columns"]) + " |")
        lines.append("|" + "---|" * len(tab["columns"]))
        for row in tab["rows"]:
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        lines.append("")
    if tab.get("note"):
        lines += [tab["note"], ""]
    return lines


def _status(t: dict) -> str:
    return {True: "**MET**", False: "**NOT MET**", None: "NOT MEASURED"}[t["met"]]


def _measured(t: dict) -> str:
    m = t["measured"]
    if m is None:
        return "—"
    return f"{m:.3f}" if isinstance(m, float) else str(m)


def render_targets(targets: list[dict]) -> list[str]:
    lines = ["| target | goal | measured | status | detail |", "|---|---|---|---|---|"]
    for t in targets:
        lines.append(f"| {_cell(t['name'])} | {_cell(t['goal'])} | {_measured(t)} | "
                     f"{_status(t)} | {_cell(t.get('detail', ''))} |")
    return [*lines, ""]


def presenter(part: str) -> Callable[[dict], tuple[list[dict], list[dict]]]:
    return importlib.import_module(f"benchmarks.{part}").present


def render(results: dict[str, dict], machine: dict[str, Any],
           present: Callable[[str], Callable] = presenter) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items())
    lines = [
        "# RecLab benchmarks", "",
        "Generated by `benchmarks/` — do not edit by hand; re-run to refresh.", "",
        "## How to run", "", "```", COMMAND, "```", "",
        "Each part writes `benchmarks/results/<part>.json`; this page is rebuilt from every part "
        "present, so a part can be re-run by name. Parts needing `../shared/data` are skipped "
        "with a message when it is absent. Everything runs on the machine below; other jobs may "
        "have shared its cores, so timings are indicative. Part 'shapes' re-runs any of its "
        "sections and keeps the others: `.venv/bin/python -m benchmarks.shapes [speed accuracy "
        "mlp mlp-stop mlp-epochs edits progress window]`; part 'growth' re-runs some models: "
        "`.venv/bin/python -m benchmarks.growth --models a,b`; "
        "`.venv/bin/python -m benchmarks --report-only` rebuilds this page. The benchmarks need "
        "`uv sync --extra bench` (implicit, the peer library).", "",
        "## Machine", "",
        f"- CPU: {machine['cpu']} — {machine['cores']} cores; memory {machine['memory_gb']} GB",
        f"- OS: {machine['os']}; Python {machine['python']}",
        f"- Libraries: {libs}",
        f"- Report written: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
    ]
    sections, all_targets = [], []
    for part in PARTS:
        if part not in results:
            sections += [f"## {part.capitalize()}", "", f"Not run yet (`python -m benchmarks "
                         f"{part}`).", ""]
            continue
        res = results[part]
        tables, targets = present(part)(res)
        all_targets += targets
        when = res.get("finished", "?")
        secs = res.get("seconds")
        rerun = res.get("sections_rerun")
        sections += [f"## {part.capitalize()}", "",
                     f"Run finished {when}" + (f" in {secs:.0f} s" if secs else "") +
                     (f" (sections re-run then: {', '.join(rerun)}; the others are from "
                      "earlier runs)" if rerun else "") +
                     (" — QUICK MODE (reduced sizes, not real figures)" if res.get("quick")
                      else "") + ".", ""]
        for tab in tables:
            sections += render_table(tab)
        if targets:
            sections += ["Targets:", "", *render_targets(targets)]
        for note in res.get("notes", []):
            sections += [f"- {note}"]
        if res.get("notes"):
            sections.append("")
    lines += ["## Targets at a glance", "", *render_targets(all_targets), *FINDINGS, "",
              *sections]
    return "\n".join(lines).rstrip() + "\n"


def write_report(path: Path | None = None, results_dir: Path = RESULTS) -> Path:
    path = path or REPO / "docs" / "BENCHMARKS.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(load_results(results_dir), machine_info()))
    return path
