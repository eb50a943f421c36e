package dev.framealloc.demo.loop;

import dev.framealloc.demo.stats.HeapMeter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A fork-join of one fixed task over {@code n} workers, for a frame loop: {@link #run()} runs {@code task.run(i)}
 * for every {@code i} in {@code [0, n)} and returns when all are done. The calling thread (the owner, which built
 * the pool) is worker 0; workers 1 to {@code n - 1} are platform threads of the pool's own that live until
 * {@link #close()}.
 * <p>
 * One frame costs a volatile write, {@code n - 1} unparks, and a countdown: no executor, no futures, no lambdas
 * per frame, so {@code run()} allocates no heap memory on any thread. A waiting thread spins briefly
 * ({@link Thread#onSpinWait()}), then parks ({@link LockSupport#park(Object)}); the thread it waits for unparks it.
 * <p>
 * <b>Ordering:</b> everything the owner wrote before {@code run()} is visible to every worker's task (the volatile
 * generation write and read), and everything the tasks wrote is visible to the owner when {@code run()} returns
 * (the countdown's release and acquire).
 * <p>
 * <b>Threads:</b> {@code run()} and {@code close()} on the owner only ({@link WrongThreadException} otherwise).
 * A task that throws fails the {@code run()} that ran it, on the owner, after every other task has finished.
 * {@snippet :
 * try (WorkerPool pool = new WorkerPool("walker", 2, worker -> walkRange(worker))) {
 *     while (running) {
 *         prepareRanges();
 *         pool.run();          // walkRange(0) here, walkRange(1) on the pool's thread; returns after both
 *     }
 * }
 * }
 */
public final class WorkerPool implements AutoCloseable {
    /** The work of one worker in one {@link #run()}. */
    @FunctionalInterface
    public interface Task {
        /**
         * Does worker {@code worker}'s share of the current run.
         *
         * @param worker the worker index, in {@code [0, workers())}
         */
        void run(int worker);
    }

    /** Spin rounds before a waiting thread parks: a frame's fork and join usually happen within them. */
    private static final int SPIN_ROUNDS = 2_000;
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(WorkerPool.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread owner;
    private final Task task;
    private final Thread[] threads;
    private final long[] heapBytes;
    /** Bumped by the owner to start a run; workers wait for it to change. */
    private volatile long generation;
    /** Workers (other than the owner) still running the current run. */
    @SuppressWarnings("unused") // through PENDING
    private volatile int pending;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * Starts {@code workers - 1} platform threads, named {@code name-1} and on, that wait for {@link #run()}.
     *
     * @param name    thread name prefix
     * @param workers workers including the calling thread, {@code >= 1}
     * @param task    the work of one worker in one run; called on the worker's thread
     * @throws IllegalArgumentException if {@code workers < 1} or {@code task} is null
     */
    public WorkerPool(String name, int workers, Task task) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers=" + workers + " must be >= 1");
        }
        if (task == null) {
            throw new IllegalArgumentException("task=null");
        }
        this.owner = Thread.currentThread();
        this.task = task;
        this.threads = new Thread[workers - 1];
        this.heapBytes = new long[workers];
        for (int i = 1; i < workers; i++) {
            int index = i;
            Thread t = Thread.ofPlatform().name(name + "-" + i).daemon(true).unstarted(() -> work(index));
            threads[i - 1] = t;
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Workers, the owner included. */
    public int workers() {
        return threads.length + 1;
    }

    /**
     * Runs {@code task.run(i)} for every worker {@code i}, worker 0 on the calling thread, and returns when all are
     * done. Allocation-free.
     *
     * @throws WrongThreadException  if not called on the thread that built the pool
     * @throws IllegalStateException if closed
     * @throws RuntimeException      (or Error) the first failure of a task, rethrown after every task finished
     */
    public void run() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("WorkerPool.run() on thread '" + Thread.currentThread().getName()
                    + "': only its owner '" + owner.getName() + "' may run it");
        }
        if (closed) {
            throw new IllegalStateException("WorkerPool.run() after close()");
        }
        final Thread[] ts = threads;
        PENDING.setRelease(this, ts.length);
        generation = generation + 1; // volatile write: publishes the owner's state and the pending count
        for (Thread t : ts) {
            LockSupport.unpark(t);
        }
        Throwable mine = null;
        try {
            task.run(0);
        } catch (Throwable t) {
            mine = t;
        }
        awaitWorkers();
        Throwable first = mine != null ? mine : failure;
        if (first != null) {
            failure = null;
            throw rethrow(first);
        }
    }

    private void awaitWorkers() {
        for (int round = 0; (int) PENDING.getAcquire(this) != 0; round++) {
            if (round < SPIN_ROUNDS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this); // the last worker unparks the owner; spurious wake-ups loop
            }
        }
    }

    private void work(int index) {
        HeapMeter heap = new HeapMeter();
        long seen = 0;
        while (true) {
            long g;
            for (int round = 0; (g = generation) == seen && !stopping; round++) {
                if (round < SPIN_ROUNDS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this); // run() unparks every worker after bumping the generation
                }
            }
            if (stopping) {
                return;
            }
            seen = g;
            long before = heap.allocatedBytes();
            try {
                task.run(index);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            heapBytes[index] = heap.allocatedBytes() - before;
            if ((int) PENDING.getAndAdd(this, -1) == 1) {
                LockSupport.unpark(owner);
            }
        }
    }

    /**
     * Heap bytes worker {@code worker}'s thread allocated while running its task in the last {@link #run()};
     * 0 for worker 0, the owner, which measures itself. Read it on the owner after {@code run()} returned.
     *
     * @param worker the worker index, in {@code [0, workers())}
     * @return the bytes
     * @throws IndexOutOfBoundsException if {@code worker} is out of range
     */
    public long heapBytes(int worker) {
        return heapBytes[worker];
    }

    /** The pool's thread of worker {@code worker}, in {@code [1, workers())}. */
    Thread thread(int worker) {
        return threads[worker - 1];
    }

    /**
     * Stops the workers and waits for them to end. Idempotent.
     *
     * @throws WrongThreadException if not called on the owner
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("WorkerPool.close() on thread '" + Thread.currentThread().getName()
                    + "': only its owner '" + owner.getName() + "' may close it");
        }
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a worker task failed", t);
    }
}
