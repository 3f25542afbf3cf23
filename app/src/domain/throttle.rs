//! Brute-force throttling of sign-in, as pure rules: how long an attempt must wait given the
//! failures counted so far. The counts live in PostgreSQL (`db::throttle`), so they hold across
//! instances. Times are milliseconds since the Unix epoch, so the rules need no clock.

use std::time::Duration;

/// The rules; the server reads them from its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleRules {
    /// Failures of one (email, address) pair allowed without any delay.
    pub pair_free_failures: u32,
    /// Failures of one pair after which the pair is locked for `lock`.
    pub pair_lock_after: u32,
    pub lock: Duration,
    /// Failures of one email from anywhere allowed without delay; beyond them only delays.
    pub email_free_failures: u32,
    /// The first delay; each further failure doubles it, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

impl Default for ThrottleRules {
    fn default() -> Self {
        Self {
            pair_free_failures: 3,
            pair_lock_after: 10,
            lock: Duration::from_secs(15 * 60),
            email_free_failures: 10,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            window: Duration::from_secs(60 * 60),
        }
    }
}

/// What is counted for a pair or for an email.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    pub failures: u32,
    pub last_failure_ms: i64,
    pub locked_until_ms: Option<i64>,
}

/// Which counter: the (email, address) pair, or the email from anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Pair,
    Email,
}

fn ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl ThrottleRules {
    /// The failures that still count at `now` (none once the window has passed).
    fn live_failures(&self, counter: &Counter, now_ms: i64) -> u32 {
        if now_ms.saturating_sub(counter.last_failure_ms) > ms(self.window) {
            0
        } else {
            counter.failures
        }
    }

    /// The delay owed after `failures` failures of `scope`.
    pub fn delay_after(&self, scope: Scope, failures: u32) -> Duration {
        let free = match scope {
            Scope::Pair => self.pair_free_failures,
            Scope::Email => self.email_free_failures,
        };
        if failures < free {
            return Duration::ZERO;
        }
        let doublings = (failures - free).min(30);
        self.base_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay)
    }

    /// How long an attempt at `now` must still wait, if at all.
    pub fn wait(&self, scope: Scope, counter: Option<&Counter>, now_ms: i64) -> Option<Duration> {
        let counter = counter?;
        if scope == Scope::Pair
            && let Some(until) = counter.locked_until_ms
            && until > now_ms
        {
            return Some(Duration::from_millis(
                u64::try_from(until - now_ms).unwrap_or(0),
            ));
        }
        let failures = self.live_failures(counter, now_ms);
        let ready_at = counter
            .last_failure_ms
            .saturating_add(ms(self.delay_after(scope, failures)));
        (ready_at > now_ms)
            .then(|| Duration::from_millis(u64::try_from(ready_at - now_ms).unwrap_or(0)))
    }

    /// The counter after one more failure at `now`; a pair reaching `pair_lock_after` is locked.
    pub fn after_failure(&self, scope: Scope, counter: Option<&Counter>, now_ms: i64) -> Counter {
        let failures = counter
            .map_or(0, |c| self.live_failures(c, now_ms))
            .saturating_add(1);
        let locked_until_ms = (scope == Scope::Pair && failures >= self.pair_lock_after)
            .then(|| now_ms.saturating_add(ms(self.lock)));
        Counter {
            failures,
            last_failure_ms: now_ms,
            locked_until_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T0: i64 = 1_800_000_000_000;

    fn fail(rules: &ThrottleRules, scope: Scope, times: u32) -> Counter {
        let mut counter = None;
        for _ in 0..times {
            counter = Some(rules.after_failure(scope, counter.as_ref(), T0));
        }
        counter.expect("at least one failure")
    }

    #[test]
    fn a_pair_gets_free_attempts_then_doubling_delays_then_a_lock() {
        let rules = ThrottleRules::default();
        assert_eq!(rules.wait(Scope::Pair, None, T0), None);
        assert_eq!(
            rules.wait(Scope::Pair, Some(&fail(&rules, Scope::Pair, 2)), T0),
            None
        );
        assert_eq!(
            rules.wait(Scope::Pair, Some(&fail(&rules, Scope::Pair, 3)), T0),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            rules.wait(Scope::Pair, Some(&fail(&rules, Scope::Pair, 4)), T0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            rules.wait(Scope::Pair, Some(&fail(&rules, Scope::Pair, 6)), T0),
            Some(Duration::from_secs(8))
        );
        let locked = fail(&rules, Scope::Pair, 10);
        assert_eq!(locked.locked_until_ms, Some(T0 + 15 * 60 * 1000));
        assert_eq!(
            rules.wait(Scope::Pair, Some(&locked), T0 + 60_000),
            Some(Duration::from_secs(14 * 60))
        );
        // The lock lifts.
        assert_eq!(
            rules.wait(Scope::Pair, Some(&locked), T0 + 15 * 60 * 1000 + 1),
            None
        );
    }

    #[test]
    fn an_email_alone_is_only_ever_delayed_never_locked() {
        let rules = ThrottleRules::default();
        let counter = fail(&rules, Scope::Email, 50);
        assert_eq!(counter.locked_until_ms, None);
        assert_eq!(
            rules.wait(Scope::Email, Some(&counter), T0),
            Some(rules.max_delay)
        );
        assert_eq!(
            rules.wait(Scope::Email, Some(&fail(&rules, Scope::Email, 9)), T0),
            None
        );
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let rules = ThrottleRules::default();
        let counter = fail(&rules, Scope::Pair, 5);
        let later = T0 + ms(rules.window) + 1;
        assert_eq!(rules.wait(Scope::Pair, Some(&counter), later), None);
        assert_eq!(
            rules
                .after_failure(Scope::Pair, Some(&counter), later)
                .failures,
            1
        );
    }

    proptest! {
        #[test]
        fn delays_never_shrink_as_failures_grow_and_never_pass_the_maximum(failures in 0u32..200) {
            let rules = ThrottleRules::default();
            for scope in [Scope::Pair, Scope::Email] {
                let now = rules.delay_after(scope, failures);
                prop_assert!(now <= rules.max_delay);
                prop_assert!(rules.delay_after(scope, failures + 1) >= now);
            }
        }
    }
}
