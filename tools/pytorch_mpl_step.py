#!/usr/bin/python3
"""The PyTorch side of the suite's side-by-side benchmark (docs/performance.md).

Times the training steps of the best-known PyTorch MPL reproduction (kekmodel/MPL-pytorch, `main.py`
and `models.py`) on random tensors, so that `-Dbench=` rows of this suite can be compared with them on
the same machine in the same sitting: its WRN-28-2 (16-channel stem, groups of 32/64/128, batch-norm
momentum 0.001, LeakyReLU 0.1), its MPL step (teacher on labeled + weak + strong views with the UDA
loss, student on labeled + strong views with hard pseudo labels and label smoothing, the teacher's
MPL term from the student's labeled loss before and after its update, Nesterov SGD with weight decay
off for batch norm and biases, the student's moving average), its supervised step, and a TwoMoon MPL
step (MLP 2-8-8-2) written the same way. Data loading is not timed (the suite's cases include its
augmentation pipeline; it is ~2 % of a step there).

Run with Debian's PyTorch (`apt-get install python3-torch`; torch 1.13 CPU), optionally with
tcmalloc (`apt-get install libtcmalloc-minimal4`):

    /usr/bin/python3 tools/pytorch_mpl_step.py --case mpl-8mu2 --threads 2
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/bin/python3 tools/pytorch_mpl_step.py --case all

One line per case on stdout: case, allocator, threads, median/min/max ms per step, examples/s, the
torch version, the machine kind (named as the suite's `results/bench/<machine>.csv`) and the start time,
as CSV (`--header` prints the column names first; `--append` also appends the rows to
`results/bench/<machine>-pytorch.csv`, which `tools/side-by-side.sh` does).
"""
import argparse
import copy
import datetime
import os
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# --- the reproduction's models.py: WideResNet ---------------------------------------------------

class BasicBlock(nn.Module):
    def __init__(self, in_planes, out_planes, stride, drop_rate=0.0, activate_before_residual=False):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes, momentum=0.001)
        self.relu1 = nn.LeakyReLU(negative_slope=0.1, inplace=True)
        self.conv1 = nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_planes, momentum=0.001)
        self.relu2 = nn.LeakyReLU(negative_slope=0.1, inplace=True)
        self.conv2 = nn.Conv2d(out_planes, out_planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.drop_rate = drop_rate
        self.equal_in_out = in_planes == out_planes
        self.conv_shortcut = (not self.equal_in_out) and nn.Conv2d(
            in_planes, out_planes, kernel_size=1, stride=stride, padding=0, bias=False) or None
        self.activate_before_residual = activate_before_residual

    def forward(self, x):
        if not self.equal_in_out and self.activate_before_residual:
            x = self.relu1(self.bn1(x))
        else:
            out = self.relu1(self.bn1(x))
        out = self.relu2(self.bn2(self.conv1(out if self.equal_in_out else x)))
        if self.drop_rate > 0:
            out = F.dropout(out, p=self.drop_rate, training=self.training)
        out = self.conv2(out)
        return torch.add(x if self.equal_in_out else self.conv_shortcut(x), out)


class NetworkBlock(nn.Module):
    def __init__(self, nb_layers, in_planes, out_planes, stride, drop_rate=0.0, activate_before_residual=False):
        super().__init__()
        self.layer = nn.Sequential(*[
            BasicBlock(i == 0 and in_planes or out_planes, out_planes, i == 0 and stride or 1, drop_rate,
                       activate_before_residual) for i in range(int(nb_layers))])

    def forward(self, x):
        return self.layer(x)


class WideResNet(nn.Module):
    def __init__(self, num_classes=10, depth=28, widen_factor=2, dropout=0.0, dense_dropout=0.0):
        super().__init__()
        channels = [16, 16 * widen_factor, 32 * widen_factor, 64 * widen_factor]
        n = (depth - 4) / 6
        self.conv1 = nn.Conv2d(3, channels[0], kernel_size=3, stride=1, padding=1, bias=False)
        self.block1 = NetworkBlock(n, channels[0], channels[1], 1, dropout, activate_before_residual=True)
        self.block2 = NetworkBlock(n, channels[1], channels[2], 2, dropout)
        self.block3 = NetworkBlock(n, channels[2], channels[3], 2, dropout)
        self.bn1 = nn.BatchNorm2d(channels[3], momentum=0.001)
        self.relu = nn.LeakyReLU(negative_slope=0.1, inplace=True)
        self.drop = nn.Dropout(dense_dropout)
        self.fc = nn.Linear(channels[3], num_classes)
        self.channels = channels[3]
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='leaky_relu')
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.data.fill_(1)
                m.bias.data.zero_()
            elif isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                m.bias.data.zero_()

    def forward(self, x):
        out = self.conv1(x)
        out = self.block3(self.block2(self.block1(out)))
        out = self.relu(self.bn1(out))
        out = F.adaptive_avg_pool2d(out, 1)
        out = out.view(-1, self.channels)
        return self.fc(self.drop(out))


class ModelEMA(nn.Module):
    def __init__(self, model, decay=0.995):
        super().__init__()
        self.module = copy.deepcopy(model)
        self.module.eval()
        self.decay = decay

    def update_parameters(self, model):
        with torch.no_grad():
            for ema_v, model_v in zip(self.module.parameters(), model.parameters()):
                ema_v.copy_(self.decay * ema_v + (1. - self.decay) * model_v)
            for ema_v, model_v in zip(self.module.buffers(), model.buffers()):
                ema_v.copy_(model_v)


class SmoothCrossEntropy(nn.Module):
    def __init__(self, alpha=0.1):
        super().__init__()
        self.alpha = alpha

    def forward(self, logits, labels):
        if self.alpha == 0:
            return F.cross_entropy(logits, labels)
        num_classes = logits.shape[-1]
        alpha_div_k = self.alpha / num_classes
        target_probs = F.one_hot(labels, num_classes=num_classes).float() * (1. - self.alpha) + alpha_div_k
        return (-(target_probs * torch.log_softmax(logits, dim=-1)).sum(dim=-1)).mean()


def optimizer(model, lr=0.05, wd=5e-4):
    no_decay = ['bn']
    groups = [
        {'params': [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)], 'weight_decay': wd},
        {'params': [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)], 'weight_decay': 0.0}]
    return torch.optim.SGD(groups, lr=lr, momentum=0.9, nesterov=True)


# --- the reproduction's main.py: one MPL step ---------------------------------------------------

class Mpl:
    """Teacher, student, their optimizers and the student's average, as `main.py` sets them up."""

    def __init__(self, make_model, label_smoothing=0.15, temperature=0.7, threshold=0.6, lambda_u=8.0,
                 uda_steps=5000, ema=0.995):
        self.teacher = make_model()
        self.student = make_model()
        self.t_opt = optimizer(self.teacher)
        self.s_opt = optimizer(self.student)
        self.avg_student = ModelEMA(self.student, ema)
        self.criterion = SmoothCrossEntropy(label_smoothing)
        self.temperature, self.threshold, self.lambda_u, self.uda_steps = temperature, threshold, lambda_u, uda_steps
        self.teacher.train()
        self.student.train()

    def step(self, step, images_l, targets, images_uw, images_us):
        batch_size = images_l.shape[0]
        t_images = torch.cat((images_l, images_uw, images_us))
        t_logits = self.teacher(t_images)
        t_logits_l = t_logits[:batch_size]
        t_logits_uw, t_logits_us = t_logits[batch_size:].chunk(2)
        del t_logits
        t_loss_l = self.criterion(t_logits_l, targets)
        soft_pseudo_label = torch.softmax(t_logits_uw.detach() / self.temperature, dim=-1)
        max_probs, hard_pseudo_label = torch.max(soft_pseudo_label, dim=-1)
        mask = max_probs.ge(self.threshold).float()
        t_loss_u = torch.mean(-(soft_pseudo_label * torch.log_softmax(t_logits_us, dim=-1)).sum(dim=-1) * mask)
        weight_u = self.lambda_u * min(1., (step + 1) / self.uda_steps)
        t_loss_uda = t_loss_l + weight_u * t_loss_u

        s_images = torch.cat((images_l, images_us))
        s_logits = self.student(s_images)
        s_logits_l = s_logits[:batch_size]
        s_logits_us = s_logits[batch_size:]
        del s_logits
        s_loss_l_old = F.cross_entropy(s_logits_l.detach(), targets)
        s_loss = self.criterion(s_logits_us, hard_pseudo_label)
        s_loss.backward()
        self.s_opt.step()
        self.avg_student.update_parameters(self.student)

        with torch.no_grad():
            s_logits_l = self.student(images_l)
        s_loss_l_new = F.cross_entropy(s_logits_l.detach(), targets)
        dot_product = s_loss_l_new - s_loss_l_old
        _, hard_pseudo_label = torch.max(t_logits_us.detach(), dim=-1)
        t_loss_mpl = dot_product * F.cross_entropy(t_logits_us, hard_pseudo_label)
        t_loss = t_loss_uda + t_loss_mpl
        t_loss.backward()
        self.t_opt.step()
        self.teacher.zero_grad()
        self.student.zero_grad()


class Supervised:
    def __init__(self, make_model, label_smoothing=0.15):
        self.model = make_model()
        self.opt = optimizer(self.model)
        self.criterion = SmoothCrossEntropy(label_smoothing)
        self.model.train()

    def step(self, step, images_l, targets, *unused):
        loss = self.criterion(self.model(images_l), targets)
        loss.backward()
        self.opt.step()
        self.model.zero_grad()


def two_moon_mlp():
    # the suite's TwoMoon network: 2-8-8-2, sigmoid units, weights U(±0.1)
    net = nn.Sequential(nn.Linear(2, 8), nn.Sigmoid(), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 2))
    for m in net.modules():
        if isinstance(m, nn.Linear):
            nn.init.uniform_(m.weight, -0.1, 0.1)
            nn.init.zeros_(m.bias)
    return net


class TwoMoonMpl(Mpl):
    """The same step on the TwoMoon MLP with plain SGD at 0.1 (the suite's `twomoon-mpl` case)."""

    def __init__(self):
        super().__init__(two_moon_mlp, label_smoothing=0.0, lambda_u=0.0)
        self.t_opt = torch.optim.SGD(self.teacher.parameters(), lr=0.1)
        self.s_opt = torch.optim.SGD(self.student.parameters(), lr=0.1)


CASES = {
    # name: (trainer, labeled, mu, warm-up repetitions, timed repetitions, steps per repetition, default threads)
    'wrn-supervised-b64': (lambda: Supervised(lambda: WideResNet()), 64, 0, 5, 30, 1, None),
    'mpl-8mu2': (lambda: Mpl(lambda: WideResNet()), 8, 2, 5, 30, 1, None),
    'mpl-16mu7': (lambda: Mpl(lambda: WideResNet()), 16, 7, 3, 10, 1, None),
    'twomoon-mpl': (TwoMoonMpl, 6, 64 / 6, 3, 15, 1000, 1),
}


def batches(case, labeled, mu):
    if case.startswith('twomoon'):
        return (torch.randn(6, 2), torch.randint(0, 2, (6,)), torch.randn(64, 2), torch.randn(64, 2))
    u = int(labeled * mu)
    return (torch.randn(labeled, 3, 32, 32), torch.randint(0, 10, (labeled,)), torch.randn(u, 3, 32, 32),
            torch.randn(u, 3, 32, 32))


def machine_id():
    """The suite's MachineId: CPU model slug, cores and memory, e.g. intel-xeon-2c-24g."""
    model = 'unknown-cpu'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    slug = model.lower()
    slug = re.sub(r'\((r|tm)\)', '', slug)
    slug = re.sub(r'\b(cpu|processor|\d+-core)\b', '', slug)
    slug = re.sub(r'@.*', '', slug)
    slug = re.sub(r'[^a-z0-9]+', '-', slug).strip('-') or 'unknown-cpu'
    with open('/proc/meminfo') as f:
        kb = int(next(l for l in f if l.startswith('MemTotal')).split()[1])
    gb = round(kb / 1024 / 1024)
    return f'{slug}-{os.cpu_count()}c' + (f'-{gb}g' if gb > 0 else '')


HEADER = 'case,allocator,threads,ms_median,ms_min,ms_max,examples_per_s,torch,machine,started'


def run(case, threads, warmup, reps):
    started = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    make, labeled, mu, default_warmup, default_reps, steps_per_rep, default_threads = CASES[case]
    torch.set_num_threads(threads or default_threads or os.cpu_count())
    torch.manual_seed(0)
    trainer = make()
    data = batches(case, labeled, mu)
    step = 0
    times = []
    for rep in range((warmup if warmup is not None else default_warmup) + (reps or default_reps)):
        start = time.perf_counter()
        for _ in range(steps_per_rep):
            trainer.step(step, *data)
            step += 1
        elapsed = (time.perf_counter() - start) * 1000 / steps_per_rep
        if rep >= (warmup if warmup is not None else default_warmup):
            times.append(elapsed)
    # as the suite's rows count them: labeled + unlabeled images per step (the two views of one count once)
    examples = data[0].shape[0] + (data[2].shape[0] if mu else 0)
    median = statistics.median(times)
    allocator = 'tcmalloc' if 'tcmalloc' in os.environ.get('LD_PRELOAD', '') else 'glibc'
    return [case, allocator, str(torch.get_num_threads()), f'{median:.3f}', f'{min(times):.3f}', f'{max(times):.3f}',
            f'{examples * 1000 / median:.1f}', torch.__version__, machine_id(), started]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--case', default='all', help='a case name, a comma list, or all: ' + ', '.join(CASES))
    parser.add_argument('--threads', type=int, help="intra-op threads (default: all cores, TwoMoon 1)")
    parser.add_argument('--warmup', type=int, help='untimed repetitions first (default per case)')
    parser.add_argument('--reps', type=int, help='timed repetitions (default per case)')
    parser.add_argument('--header', action='store_true', help='print the CSV header first')
    parser.add_argument('--append', action='store_true', help='also append to results/bench/<machine>-pytorch.csv')
    args = parser.parse_args()
    names = list(CASES) if args.case == 'all' else args.case.split(',')
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error('unknown case(s) ' + ', '.join(unknown) + '; cases: ' + ', '.join(CASES))
    if args.header:
        print(HEADER)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'results', 'bench', machine_id() + '-pytorch.csv')
    for name in names:
        row = ','.join(run(name, args.threads, args.warmup, args.reps))
        print(row, flush=True)
        if args.append:
            new = not os.path.exists(out)
            with open(out, 'a') as f:
                if new:
                    f.write(HEADER + '\n')
                f.write(row + '\n')


if __name__ == '__main__':
    sys.exit(main())
