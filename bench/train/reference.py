"""The benchmark's conv+MLP written in PyTorch, as the yardstick for bench/train/backends.ts.

Same layers, sizes, loss, optimizer and batch as SMALL_CONV_MLP in src/worker/model/conv-mlp.ts
(PyTorch pads a stride-2 'same' convolution symmetrically where TF.js pads one side: same output
size, same work). Prints one JSON line: training samples/s and the peak matmul rate, both on the
given number of threads, per wall-clock second and per CPU-second.

    python3 bench/train/reference.py --threads 2 --batch 32 --seconds 3
"""
import argparse
import json
import re
import statistics
import time

import torch
from torch import nn


def model(cfg):
    layers, ch, h, w = [], cfg["channels"], cfg["height"], cfg["width"]
    for conv in cfg["conv"]:
        k, s = conv["kernel"], conv["stride"]
        layers += [nn.Conv2d(ch, conv["filters"], k, stride=s, padding=k // 2), nn.ReLU()]
        ch, h, w = conv["filters"], -(-h // s), -(-w // s)
    layers.append(nn.Flatten())
    width = ch * h * w
    for units in cfg["hidden"]:
        layers += [nn.Linear(width, units), nn.ReLU()]
        width = units
    layers.append(nn.Linear(width, cfg["outputs"]))
    return nn.Sequential(*layers)


def timed(fn, seconds):
    """Calls per second from the median and the fastest call, and per CPU-second of the process (all
    threads), after a warm-up."""
    fn()
    times, wall, cpu = [], time.perf_counter(), time.process_time()
    while not times or time.perf_counter() - wall < seconds:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1 / statistics.median(times), 1 / min(times), len(times) / (time.process_time() - cpu)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seconds", type=float, default=3)
    p.add_argument("--matmul", type=int, default=512)
    p.add_argument("--config", default='{"height":64,"width":64,"channels":3,"conv":[{"filters":16,"kernel":3,"stride":2},{"filters":32,"kernel":3,"stride":2},{"filters":64,"kernel":3,"stride":2}],"hidden":[128],"outputs":7}')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cfg = json.loads(args.config)

    net = model(cfg)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(args.batch, cfg["channels"], cfg["height"], cfg["width"])
    y = torch.rand(args.batch, cfg["outputs"]) * 2 - 1

    def step():
        opt.zero_grad(set_to_none=True)
        loss = nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()

    a, b = torch.rand(args.matmul, args.matmul), torch.rand(args.matmul, args.matmul)
    # The best of short bursts around the training run, per CPU-second, as backends.ts measures its peaks.
    matmul = lambda: max(timed(lambda: torch.mm(a, b), 0.4)[2] for _ in range(3))
    before = matmul()
    steps_per_second, best_steps_per_second, steps_per_cpu_second = timed(step, args.seconds)
    matmuls_per_cpu_second = max(before, matmul())
    blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    print(json.dumps({
        "torch": torch.__version__,
        "blas": blas.group(1) if blas else "unknown",
        "threads": torch.get_num_threads(),
        "samplesPerSecond": steps_per_second * args.batch,
        "bestSamplesPerSecond": best_steps_per_second * args.batch,
        "samplesPerCpuSecond": steps_per_cpu_second * args.batch,
        "matmulFlopsPerCpuSecond": matmuls_per_cpu_second * 2 * args.matmul ** 3,
    }))


if __name__ == "__main__":
    main()
