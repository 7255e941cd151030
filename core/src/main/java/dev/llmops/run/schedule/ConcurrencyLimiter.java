package dev.llmops.run.schedule;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A semaphore whose number of permits can change while it is in use: lowering the limit lets in-flight holders
 * finish and admits nobody new until the count is below the new limit. Fair (first come, first served) enough for
 * lines: waiting threads are woken in order by the condition.
 */
public final class ConcurrencyLimiter {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition available = lock.newCondition();
    private int limit;
    private int inUse;

    public ConcurrencyLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inUse >= limit) {
                available.await();
            }
            inUse++;
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            if (inUse > 0) {
                inUse--;
            }
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    public void setLimit(int newLimit) {
        lock.lock();
        try {
            limit = Math.max(1, newLimit);
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }
}
